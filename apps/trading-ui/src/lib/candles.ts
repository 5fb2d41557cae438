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
 * Joins candles built from fetched history with candles built from live ticks, by bucket: a bucket only one side has
 * is kept as is; a bucket both have keeps history's open, the wider high/low and the live close. Used on the first load
 * (history overlapping the first live candles) and after a reconnect (history filling the gap between live candles).
 */
export function mergeHistory(history: readonly Candle[], live: readonly Candle[], maxCandles = 500): Candle[] {
  const byTime = new Map<number, Candle>(history.map((c) => [c.time, c]));
  for (const candle of live) {
    const known = byTime.get(candle.time);
    byTime.set(candle.time, known
      ? { time: candle.time, open: known.open, high: Math.max(known.high, candle.high), low: Math.min(known.low, candle.low), close: candle.close }
      : candle);
  }
  const merged = [...byTime.values()].sort((a, b) => a.time - b.time);
  return merged.length > maxCandles ? merged.slice(merged.length - maxCandles) : merged;
}
