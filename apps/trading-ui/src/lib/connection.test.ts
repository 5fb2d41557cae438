import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { ConnectionMachine, describeConnection, secondsToRetry, type ConnectionState } from './connection';

/** A fake stream: each connect() is an attempt the test ends with opened() or failed(). */
function setup() {
  const states: ConnectionState[] = [];
  const attempts: ConnectionMachine[] = [];
  const recovered = vi.fn();
  const machine = new ConnectionMachine({
    connect: (m) => attempts.push(m),
    onChange: (s) => states.push(s),
    onRecovered: recovered,
    delay: (attempt) => 1000 * 2 ** attempt,
  });
  return { machine, states, attempts, recovered };
}

describe('connection state machine', () => {
  beforeEach(() => { vi.useFakeTimers(); vi.setSystemTime(new Date('2026-11-29T10:00:00Z')); });
  afterEach(() => vi.useRealTimers());

  it('goes connecting → live on the first success without a recovery', () => {
    const { machine, states, attempts, recovered } = setup();
    machine.start();
    expect(states.at(-1)).toEqual({ kind: 'connecting' });
    expect(attempts).toHaveLength(1);
    machine.opened();
    expect(machine.current.kind).toBe('live');
    expect(recovered).not.toHaveBeenCalled();
  });

  it('counts down to the retry, retries when the timer fires, and backs off after each failure', () => {
    const { machine, attempts } = setup();
    machine.start();
    machine.opened();
    machine.failed('closed (1006)');
    const start = Date.now();
    expect(machine.current).toEqual({ kind: 'reconnecting', attempt: 1, retryAt: start + 1000, reason: 'closed (1006)' });
    expect(describeConnection(machine.current, start)).toBe('reconnecting in 1 s');
    vi.advanceTimersByTime(999);
    expect(attempts).toHaveLength(1);
    vi.advanceTimersByTime(1);
    expect(attempts).toHaveLength(2);
    expect(machine.current).toEqual({ kind: 'reconnecting', attempt: 1, retryAt: null, reason: 'closed (1006)' });
    expect(describeConnection(machine.current, Date.now())).toBe('reconnecting (attempt 1)');
    machine.failed('refused');
    expect(machine.current.kind === 'reconnecting' && machine.current.retryAt).toBe(Date.now() + 2000);
    expect(secondsToRetry(machine.current, Date.now() + 500)).toBe(2);
    vi.advanceTimersByTime(2000);
    expect(attempts).toHaveLength(3);
  });

  it('calls onRecovered once live again after a failure and restarts the backoff', () => {
    const { machine, attempts, recovered } = setup();
    machine.start();
    machine.failed('down');
    vi.advanceTimersByTime(1000);
    machine.failed('down');
    vi.advanceTimersByTime(2000);
    machine.opened();
    expect(machine.current.kind).toBe('live');
    expect(recovered).toHaveBeenCalledTimes(1);
    machine.failed('down again');
    expect(machine.current.kind === 'reconnecting' && machine.current.retryAt).toBe(Date.now() + 1000);
    expect(attempts).toHaveLength(3);
  });

  it('ignores a second failure report while already waiting to retry', () => {
    const { machine, attempts } = setup();
    machine.start();
    machine.failed('error');
    machine.failed('close');
    vi.advanceTimersByTime(1000);
    expect(attempts).toHaveLength(2);
    vi.advanceTimersByTime(10_000);
    expect(attempts).toHaveLength(2);
  });

  it('stops retrying when stopped', () => {
    const { machine, attempts } = setup();
    machine.start();
    machine.failed('down');
    machine.stop();
    vi.advanceTimersByTime(60_000);
    expect(attempts).toHaveLength(1);
  });
});
