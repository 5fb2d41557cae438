/** Delay before reconnect attempt `attempt` (0-based): exponential from `initialMs`, capped, with ±`jitter` spread. */
export function reconnectDelay(attempt: number, initialMs = 500, maxMs = 15_000, jitter = 0.2, random: () => number = Math.random): number {
  const base = Math.min(maxMs, initialMs * 2 ** Math.min(attempt, 20));
  const spread = base * jitter * (random() * 2 - 1);
  return Math.max(0, Math.round(base + spread));
}

/** True when no message arrived for longer than `staleAfterMs`. */
export function isStale(lastMessageAt: number | null, now: number, staleAfterMs = 5_000): boolean {
  return lastMessageAt === null || now - lastMessageAt > staleAfterMs;
}
