/**
 * The trader's session at trading-api (docs/api.md#authentication): a login (POST /auth/token, grant_type=password)
 * gives an access token for trading-api; every /api call carries it as "Authorization: Bearer"; it is renewed by token
 * exchange when four fifths of its life are gone; the WebSockets get a short read-only token for the gateway the same
 * way (a browser cannot set headers on a WebSocket: it goes in ?access_token=). A 401 from any call, or a renewal that
 * fails, ends the session: the UI shows the login again and keeps everything else (the order being typed) as it was.
 * The token lives in memory only: a reload asks for the login again.
 */

export type SessionState =
  | { kind: 'signed-out'; reason: string | null }
  | { kind: 'signed-in'; username: string; expiresAt: number };

interface TokenAnswer { access_token: string; expires_in: number; scope: string }

export interface SessionTimers { setTimeout: (fn: () => unknown, ms: number) => unknown; clearTimeout: (handle: unknown) => void; now: () => number }

const browserTimers: SessionTimers = {
  setTimeout: (fn, ms) => globalThis.setTimeout(fn, ms),
  clearTimeout: (handle) => globalThis.clearTimeout(handle as ReturnType<typeof setTimeout>),
  now: () => Date.now(),
};

const TOKEN_URL = '/auth/token';
const EXCHANGE = 'urn:ietf:params:oauth:grant-type:token-exchange';
/** The share of a token's life after which it is renewed. */
export const RENEW_AT = 0.8;
export const SESSION_ENDED = 'Your session has ended: log in again. What you typed is kept.';

export class Session {
  private token: string | null = null;
  private renewTimer: unknown;
  private current: SessionState = { kind: 'signed-out', reason: null };
  private readonly listeners = new Set<(state: SessionState) => void>();

  constructor(private readonly fetcher: typeof fetch = (...args) => fetch(...args), private readonly timers: SessionTimers = browserTimers) {}

  get state(): SessionState { return this.current; }

  /** Calls `listener` on every change; returns the unsubscribe function. */
  subscribe(listener: (state: SessionState) => void): () => void {
    this.listeners.add(listener);
    return () => { this.listeners.delete(listener); };
  }

  /** Logs in; resolves to null on success, else the message to show (wrong password, locked, unreachable). */
  async login(username: string, password: string): Promise<string | null> {
    let response: Response;
    try {
      response = await this.tokenRequest({ grant_type: 'password', username, password });
    } catch (error) {
      return `trading-api is unreachable: ${(error as Error).message}`;
    }
    const body = await response.json().catch(() => undefined);
    if (!response.ok) return body?.message ?? `The login failed (HTTP ${response.status}).`;
    this.signIn(username, body as TokenAnswer);
    return null;
  }

  /** Exchanges the current token for a fresh one (same user, scopes and login time); a failure ends the session. */
  async renew(): Promise<void> {
    if (this.current.kind !== 'signed-in' || !this.token) return;
    const username = this.current.username;
    try {
      const response = await this.tokenRequest({ grant_type: EXCHANGE, subject_token: this.token, audience: 'trading-api' });
      const body = await response.json().catch(() => undefined);
      if (!response.ok) { this.end(body?.message ? `${body.message}` : SESSION_ENDED); return; }
      this.signIn(username, body as TokenAnswer);
    } catch {
      // trading-api unreachable: try again in a while, while the token is still valid (the API badge shows the outage).
      this.scheduleRenewal(15_000);
    }
  }

  /** A read-only token for the gateway's WebSockets; throws when signed out or refused. */
  async streamToken(): Promise<string> {
    if (!this.token) throw new Error('not logged in');
    const response = await this.tokenRequest({ grant_type: EXCHANGE, subject_token: this.token, audience: 'gateway', scope: 'read' });
    const body = await response.json().catch(() => undefined);
    if (!response.ok) {
      if (response.status === 400 && body?.error === 'invalid_grant') this.end(SESSION_ENDED);
      throw new Error(body?.message ?? `stream token refused (HTTP ${response.status})`);
    }
    return (body as TokenAnswer).access_token;
  }

  /** fetch with the token; a 401 ends the session (the answer is still returned to the caller). */
  async authFetch(path: string, init: RequestInit = {}): Promise<Response> {
    const headers = new Headers(init.headers);
    if (this.token) headers.set('Authorization', `Bearer ${this.token}`);
    const response = await this.fetcher(path, { ...init, headers });
    if (response.status === 401 && this.token) this.end(SESSION_ENDED);
    return response;
  }

  /** Logs out (the token is forgotten; it expires by itself). */
  logout(): void { this.end(null); }

  private tokenRequest(fields: Record<string, string>): Promise<Response> {
    return this.fetcher(TOKEN_URL, { method: 'POST', headers: { 'Content-Type': 'application/x-www-form-urlencoded' }, body: new URLSearchParams(fields).toString() });
  }

  private signIn(username: string, answer: TokenAnswer): void {
    this.token = answer.access_token;
    const lifetimeMs = answer.expires_in * 1000;
    this.set({ kind: 'signed-in', username, expiresAt: this.timers.now() + lifetimeMs });
    this.scheduleRenewal(lifetimeMs * RENEW_AT);
  }

  private scheduleRenewal(ms: number): void {
    this.timers.clearTimeout(this.renewTimer);
    this.renewTimer = this.timers.setTimeout(() => this.renew(), ms);
  }

  private end(reason: string | null): void {
    this.timers.clearTimeout(this.renewTimer);
    this.token = null;
    if (this.current.kind === 'signed-out' && this.current.reason === reason) return;
    this.set({ kind: 'signed-out', reason });
  }

  private set(state: SessionState): void {
    this.current = state;
    for (const listener of this.listeners) listener(state);
  }
}

/** The page's one session. */
export const session = new Session();
