import { useEffect, useState } from 'react';
import { describeConnection, type ConnectionState } from '../lib/connection';

/** One stream's state: "live", "connecting", "reconnecting in 3 s" (counting down) with the failure as tooltip. */
export function ConnectionBadge({ stream, label, state }: { stream: string; label: string; state: ConnectionState }) {
  const [now, setNow] = useState(Date.now());
  const counting = state.kind === 'reconnecting' && state.retryAt !== null;
  useEffect(() => {
    if (!counting) return;
    setNow(Date.now());
    const timer = setInterval(() => setNow(Date.now()), 250);
    return () => clearInterval(timer);
  }, [counting, state]);
  const title = state.kind === 'reconnecting' ? state.reason : undefined;
  return (
    <span className={`conn ${state.kind}`} data-testid={`connection-${stream}`} data-state={state.kind} title={title}>
      <span className="dot" />{label}: {describeConnection(state, now)}
    </span>
  );
}
