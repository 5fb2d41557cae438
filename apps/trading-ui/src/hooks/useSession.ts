import { useEffect, useState } from 'react';
import { session, type SessionState } from '../lib/session';

/** The session's state, re-rendering on login, renewal and end. */
export function useSession(): SessionState {
  const [state, setState] = useState<SessionState>(session.state);
  useEffect(() => session.subscribe(setState), []);
  return state;
}
