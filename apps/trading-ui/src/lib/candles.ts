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
