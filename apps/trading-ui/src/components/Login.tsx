import { useState } from 'react';
import { session } from '../lib/session';

declare const __LOGIN__: { username: string; password: string };

/** What the form starts with: in the Development profile the AppHost's generated trader (F5 stays one step), else empty. */
const prefill = typeof __LOGIN__ === 'undefined' ? { username: '', password: '' } : __LOGIN__;

interface Props { reason: string | null }

/** The login, over the trading screen: the screen below keeps its state (an order being typed) while the session is renewed. */
export function Login({ reason }: Props) {
  const [username, setUsername] = useState(prefill.username || 'trader');
  const [password, setPassword] = useState(prefill.password);
  const [error, setError] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);

  const submit = async (event: React.FormEvent) => {
    event.preventDefault();
    setBusy(true);
    setError(await session.login(username, password));
    setBusy(false);
  };

  return (
    <div className="login-backdrop" data-testid="login">
      <form className="panel login" onSubmit={submit} data-testid="login-form">
        <h2>Log in to trade</h2>
        {reason && <p className="login-reason" data-testid="login-reason">{reason}</p>}
        <label>User<input value={username} autoComplete="username" onChange={(e) => setUsername(e.target.value)} data-testid="login-username" /></label>
        <label>Password<input type="password" value={password} autoComplete="current-password" onChange={(e) => setPassword(e.target.value)} data-testid="login-password" /></label>
        <button className="submit buy" disabled={busy || !username || !password} data-testid="login-submit">{busy ? 'Logging in…' : 'Log in'}</button>
        {error && <span className="field-error" data-testid="login-error">{error}</span>}
      </form>
    </div>
  );
}
