import { reconnectDelay } from './backoff';

/**
 * The state of one stream (market WebSocket, executions WebSocket, trading-api): `connecting` before the first
 * success, `live` while it works, `reconnecting` after a failure. While waiting to retry, `retryAt` (epoch ms) is the
 * time of the next attempt, for a countdown; during the attempt itself it is null.
 */
export type ConnectionState =
  | { kind: 'connecting' }
  | { kind: 'live'; since: number }
  | { kind: 'reconnecting'; attempt: number; retryAt: number | null; reason: string };

/** The timer functions the machine uses (the browser's by default; fake ones in tests). */
export interface Timers { setTimeout: (fn: () => void, ms: number) => unknown; clearTimeout: (handle: unknown) => void; now: () => number }

export interface ConnectionOptions {
  /** Starts one attempt; it must end in `opened()` or `failed(reason)` on the machine. */
  connect: (machine: ConnectionMachine) => void;
  /** Called on every state change. */
  onChange: (state: ConnectionState) => void;
  /** Called when the stream is live again after having failed (fill the gap: refetch what was missed). */
  onRecovered?: () => void;
  /** Delay before retry `attempt` (0-based), exponential with jitter by default. */
  delay?: (attempt: number) => number;
  timers?: Timers;
}

const browserTimers: Timers = {
  setTimeout: (fn, ms) => globalThis.setTimeout(fn, ms),
  clearTimeout: (handle) => globalThis.clearTimeout(handle as ReturnType<typeof setTimeout>),
  now: () => Date.now(),
};

/** Drives connect → live → reconnecting (countdown) → connect again, until stopped. */
export class ConnectionMachine {
  private state: ConnectionState = { kind: 'connecting' };
  private attempt = 0;
  private everFailed = false;
  private stopped = false;
  private timer: unknown;
  private readonly timers: Timers;
  private readonly delay: (attempt: number) => number;

  constructor(private readonly options: ConnectionOptions) {
    this.timers = options.timers ?? browserTimers;
    this.delay = options.delay ?? ((attempt) => reconnectDelay(attempt));
  }

  /** The current state. */
  get current(): ConnectionState { return this.state; }

  /** Makes the first attempt. */
  start(): void {
    this.set({ kind: 'connecting' });
    this.options.connect(this);
  }

  /** The attempt succeeded (or a live stream proved alive again). */
  opened(): void {
    if (this.stopped || this.state.kind === 'live') return;
    const recovered = this.everFailed;
    this.attempt = 0;
    this.set({ kind: 'live', since: this.timers.now() });
    if (recovered) this.options.onRecovered?.();
  }

  /** The stream failed or closed: wait, then try again. Repeated reports of the same failure are ignored. */
  failed(reason: string): void {
    if (this.stopped || (this.state.kind === 'reconnecting' && this.state.retryAt !== null)) return;
    this.everFailed = true;
    const wait = this.delay(this.attempt);
    this.attempt += 1;
    const attempt = this.attempt;
    this.set({ kind: 'reconnecting', attempt, retryAt: this.timers.now() + wait, reason });
    this.timer = this.timers.setTimeout(() => {
      if (this.stopped) return;
      this.set({ kind: 'reconnecting', attempt, retryAt: null, reason });
      this.options.connect(this);
    }, wait);
  }

  /** Stops for good (component unmounted). */
  stop(): void {
    this.stopped = true;
    this.timers.clearTimeout(this.timer);
  }

  private set(state: ConnectionState): void {
    this.state = state;
    this.options.onChange(state);
  }
}

/** Seconds until the next retry, rounded up (0 when the attempt is under way or there is none). */
export function secondsToRetry(state: ConnectionState, now: number): number {
  return state.kind === 'reconnecting' && state.retryAt !== null ? Math.max(0, Math.ceil((state.retryAt - now) / 1000)) : 0;
}

/** The badge text: "connecting", "live", "reconnecting in 3 s" or "reconnecting (attempt 2)". */
export function describeConnection(state: ConnectionState, now: number): string {
  if (state.kind !== 'reconnecting') return state.kind;
  return state.retryAt !== null ? `reconnecting in ${secondsToRetry(state, now)} s` : `reconnecting (attempt ${state.attempt})`;
}
