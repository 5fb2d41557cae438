import { getJson } from './api';
import { reconnectDelay } from './backoff';

/**
 * A symbol the gateway trades, as GET /api/instruments answers (trading-api forwards the gateway's list, whose one
 * source is its `Gateway:Symbols` option): the decimals its prices and quantities are shown with.
 */
export interface Instrument { symbol: string; price_precision: number; quantity_precision: number }

/** The route that lists the instruments (the same path on trading-api and on the gateway). */
export const INSTRUMENTS_PATH = '/api/instruments';

const isPrecision = (value: unknown): value is number => Number.isInteger(value) && (value as number) >= 0 && (value as number) <= 10;

/**
 * The instruments of a GET /api/instruments body, `{"instruments": [{"symbol", "price_precision", "quantity_precision"}]}`;
 * throws naming what is wrong when the body has another shape (an API of another version).
 */
export function parseInstruments(body: unknown): Instrument[] {
  const list = (body as { instruments?: unknown } | null)?.instruments;
  if (!Array.isArray(list) || list.length === 0) throw new Error(`${INSTRUMENTS_PATH}: expected {"instruments": [...]} with at least one instrument`);
  return list.map((item, i) => {
    const { symbol, price_precision, quantity_precision } = (item ?? {}) as Record<string, unknown>;
    if (typeof symbol !== 'string' || !isPrecision(price_precision) || !isPrecision(quantity_precision)) {
      throw new Error(`${INSTRUMENTS_PATH}: instrument ${i} is ${JSON.stringify(item)}; expected {"symbol": "BTCUSDT", "price_precision": 2, "quantity_precision": 4}`);
    }
    return { symbol, price_precision, quantity_precision };
  });
}

/** The instruments from trading-api, asked again with backoff until it answers (trading-api or the gateway may be starting). */
export async function loadInstruments(signal: AbortSignal, onFailure: (error: Error) => void = () => {}): Promise<Instrument[]> {
  for (let attempt = 0; ; attempt++) {
    try {
      return parseInstruments(await getJson<unknown>(INSTRUMENTS_PATH));
    } catch (error) {
      if (signal.aborted) throw error;
      onFailure(error as Error);
      await new Promise((resolve) => setTimeout(resolve, reconnectDelay(attempt)));
      if (signal.aborted) throw error;
    }
  }
}
