import type { Instrument } from './instruments';

/** Display precision of a symbol: decimals of its prices and of its quantities. */
export interface Precision { price: number; quantity: number }

/** The instruments' precision, from GET /api/instruments (useInstruments sets it before the trading screen shows). */
let known: Record<string, Precision> = {};

/** Makes `instruments` the known symbols; any other falls back to a precision chosen from the price's size. */
export function setInstruments(instruments: readonly Instrument[]): void {
  known = Object.fromEntries(instruments.map((i) => [i.symbol, { price: i.price_precision, quantity: i.quantity_precision }]));
}

/** The precision of `symbol`; for an unknown symbol, more price decimals the smaller the price (4 below 10, 3 below 1000, else 2). */
export function precisionOf(symbol: string, samplePrice?: number): Precision {
  const precision = known[symbol];
  if (precision) return precision;
  if (samplePrice === undefined) return { price: 2, quantity: 4 };
  return { price: samplePrice < 10 ? 4 : samplePrice < 1000 ? 3 : 2, quantity: 4 };
}

/** A price with the symbol's decimals and thousands separators ("65,012.35"); "—" when unknown. */
export function formatPrice(symbol: string, price: number | null | undefined): string {
  if (price === null || price === undefined || Number.isNaN(price)) return '—';
  const digits = precisionOf(symbol, price).price;
  return price.toLocaleString('en-US', { minimumFractionDigits: digits, maximumFractionDigits: digits });
}

/** Decimals the order record stores (numeric(28,10)): a quantity is never shown with fewer than it has. */
const STORED_SCALE = 10;

/**
 * A quantity with at least the symbol's decimals ("0.0100") and as many more as it has, up to the stored 10, so a
 * quantity finer than the symbol's usual step (0.001 SOLUSDT) is shown as it is, never rounded to "0.00"; negative for
 * short positions.
 */
export function formatQuantity(symbol: string, quantity: number | null | undefined): string {
  if (quantity === null || quantity === undefined || Number.isNaN(quantity)) return '—';
  const digits = precisionOf(symbol).quantity;
  return quantity.toLocaleString('en-US', { minimumFractionDigits: digits, maximumFractionDigits: Math.max(digits, STORED_SCALE) });
}
