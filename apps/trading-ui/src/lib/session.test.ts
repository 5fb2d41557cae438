import { describe, expect, it } from 'vitest';
import { SESSION_ENDED, Session, type SessionTimers } from './session';

/** trading-api's token endpoint and one /api route as a fetch function; records every request. */
function fakeApi() {
  const requests: { url: string; body: string; authorization: string | null }[] = [];
  let issued = 0;
  let valid = new Set<string>();
  let refuseRenewal = false;
  const fetcher = (async (input: RequestInfo | URL, init?: RequestInit) => {
    const url = String(input);
    const headers = new Headers(init?.headers);
    const body = String(init?.body ?? '');
    requests.push({ url, body, authorization: headers.get('Authorization') });
    const json = (status: number, value: unknown) => new Response(JSON.stringify(value), { status, headers: { 'Content-Type': 'application/json' } });
    if (url === '/auth/token') {
      const form = new URLSearchParams(body);
      if (form.get('grant_type') === 'password') {
        if (form.get('password') !== 'right') return json(400, { error: 'invalid_grant', message: 'The user name or password is wrong.' });
      } else if (refuseRenewal || !valid.has(form.get('subject_token') ?? '')) {
        return json(400, { error: 'invalid_grant', message: 'The subject token is refused: the token has expired. Log in again.' });
      }
      const token = `${form.get('audience') ?? 'trading-api'}-token-${++issued}`;
      valid.add(token);
      return json(200, { access_token: token, token_type: 'Bearer', expires_in: 100, scope: form.get('scope') ?? 'read trade' });
    }
    return valid.has(headers.get('Authorization')?.replace('Bearer ', '') ?? '') ? json(200, []) : json(401, { error: 'invalid_token' });
  }) as typeof fetch;
  return { fetcher, requests, revokeAll: () => { valid = new Set(); }, refuseRenewal: () => { refuseRenewal = true; } };
}

function fakeTimers() {
  let now = 0;
  let pending: { at: number; fn: () => unknown } | null = null;
  const timers: SessionTimers = {
    setTimeout: (fn, ms) => { pending = { at: now + ms, fn }; return pending; },
    clearTimeout: (handle) => { if (handle === pending) pending = null; },
    now: () => now,
  };
  // advance() returns what a due timer's function returned (the renewal's promise), so a test awaits it instead of sleeping.
  return { timers, advance: async (ms: number) => { now += ms; const due = pending; if (due && due.at <= now) { pending = null; await due.fn(); } }, due: () => (pending as { at: number } | null)?.at ?? null };
}

describe('Session', () => {
  it('logs in with the password grant and sends the token on every call', async () => {
    const api = fakeApi();
    const session = new Session(api.fetcher, fakeTimers().timers);
    expect(await session.login('trader', 'right')).toBeNull();
    expect(session.state).toEqual({ kind: 'signed-in', username: 'trader', expiresAt: 100_000 });
    expect(api.requests[0].body).toBe('grant_type=password&username=trader&password=right');
    expect((await session.authFetch('/api/positions')).status).toBe(200);
    expect(api.requests[1].authorization).toBe('Bearer trading-api-token-1');
  });

  it('says why a login failed and stays signed out', async () => {
    const session = new Session(fakeApi().fetcher, fakeTimers().timers);
    expect(await session.login('trader', 'wrong')).toBe('The user name or password is wrong.');
    expect(session.state).toEqual({ kind: 'signed-out', reason: null });
  });

  it('renews the token by exchange when four fifths of its life are gone', async () => {
    const api = fakeApi();
    const clock = fakeTimers();
    const session = new Session(api.fetcher, clock.timers);
    await session.login('trader', 'right');
    expect(clock.due()).toBe(80_000);
    await clock.advance(79_999);
    expect(api.requests).toHaveLength(1);
    await clock.advance(1);
    const renewal = new URLSearchParams(api.requests[1].body);
    expect([renewal.get('grant_type'), renewal.get('subject_token'), renewal.get('audience')])
      .toEqual(['urn:ietf:params:oauth:grant-type:token-exchange', 'trading-api-token-1', 'trading-api']);
    expect(session.state).toEqual({ kind: 'signed-in', username: 'trader', expiresAt: 180_000 });
    await session.authFetch('/api/trades');
    expect(api.requests[2].authorization).toBe('Bearer trading-api-token-2');
  });

  it('ends the session when the renewal is refused', async () => {
    const api = fakeApi();
    const clock = fakeTimers();
    const session = new Session(api.fetcher, clock.timers);
    await session.login('trader', 'right');
    api.refuseRenewal();
    await clock.advance(80_000);
    expect(session.state).toEqual({ kind: 'signed-out', reason: 'The subject token is refused: the token has expired. Log in again.' });
  });

  it('ends the session on a 401 and returns the answer to the caller', async () => {
    const api = fakeApi();
    const session = new Session(api.fetcher, fakeTimers().timers);
    const states: string[] = [];
    session.subscribe((s) => states.push(s.kind));
    await session.login('trader', 'right');
    api.revokeAll();
    expect((await session.authFetch('/api/trades', { method: 'POST' })).status).toBe(401);
    expect(session.state).toEqual({ kind: 'signed-out', reason: SESSION_ENDED });
    expect(states).toEqual(['signed-in', 'signed-out']);
  });

  it('gets a read-only gateway token for the WebSockets', async () => {
    const api = fakeApi();
    const session = new Session(api.fetcher, fakeTimers().timers);
    await expect(session.streamToken()).rejects.toThrow('not logged in');
    await session.login('trader', 'right');
    expect(await session.streamToken()).toBe('gateway-token-2');
    const exchange = new URLSearchParams(api.requests[1].body);
    expect([exchange.get('audience'), exchange.get('scope')]).toEqual(['gateway', 'read']);
  });
});
