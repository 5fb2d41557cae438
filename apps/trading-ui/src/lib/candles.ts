/** A tick as the gateway streams it on /ws/market. */
export interface Tick { symbol: string; price: number; timestamp: string }

/** An OHLC candle; `time` is the bucket start in UTC seconds (lightweight-charts' UTCTimestamp). */
export interface Candle { time: number; open: number; high: number; low: number; close: number }

/** Folds a tick into the candle list: updates the last candle of its bucket or starts a new one. Returns a new list. */
export function addTick(candles: readonly Candle[], price: number, timestampMs: number, bucketSeconds: number, maxCandles = 500): Candle[] {
  const time = Math.floor(timestampMs / 1000 / bucketSeconds) * bucketSeconds;
  const last = candles[candles.length - 1];
  if (last && last.time === time) {
    const updated = { ...last, high: Math.max(last.high, price), low: Math.min(last.low, price), close: price };
    return [...candles.slice(0, -1), updated];
  }
  if (last && time < last.time) {
    return [...candles]; // late tick from an older bucket: the chart only moves forward
  }
  const next = [...candles, { time, open: price, high: price, low: price, close: price }];
  return next.length > maxCandles ? next.slice(next.length - maxCandles) : next;
}

/** Candles built from ticks in time order (e.g. the history trading-api serves). */
export function candlesFromTicks(ticks: readonly { price: number; timestamp: string }[], bucketSeconds: number, maxCandles = 500): Candle[] {
  return ticks.reduce<Candle[]>((candles, t) => addTick(candles, t.price, Date.parse(t.timestamp), bucketSeconds, maxCandles), []);
}

/**
 * Puts history before the candles built from live ticks. History fetched after the page opened overlaps the live
 * candles: its later buckets are dropped (live has them) and the bucket both have keeps history's open.
 */
export function mergeHistory(history: readonly Candle[], live: readonly Candle[]): Candle[] {
  if (live.length === 0) return [...history];
  const first = live[0];
  const same = history.find((c) => c.time === first.time);
  const joined = same ? { ...first, open: same.open, high: Math.max(same.high, first.high), low: Math.min(same.low, first.low) } : first;
  return [...history.filter((c) => c.time < first.time), joined, ...live.slice(1)];
}
