/** A net position as trading-api returns it (GET /api/positions): signed quantity, average entry price, realised P&L in quote currency. */
export interface Position { symbol: string; quantity: number; average_price: number; realized_pnl: number }

/** One fill (execution) as the gateway streams it on /ws/executions. */
export interface Fill { symbol: string; side: 'buy' | 'sell'; quantity: number; price: number }

/** Float noise below this is treated as zero (quantities are at most 10 decimals in the database). */
const EPSILON = 1e-9;

/**
 * The position after a fill, the same arithmetic as the gateway's Position.Apply: adding to a position moves the
 * average price; reducing realises (fill − average) × closed quantity (sign-adjusted for shorts); crossing zero
 * realises the closed part and opens the rest at the fill price. A flat position has average price 0.
 */
export function applyFill(position: Position, fill: Fill): Position {
  const sign = fill.side === 'buy' ? 1 : -1;
  const signed = sign * fill.quantity;
  if (Math.abs(position.quantity) < EPSILON || Math.sign(position.quantity) === sign) {
    const total = position.quantity + signed;
    const average = (Math.abs(position.quantity) * position.average_price + fill.quantity * fill.price) / Math.abs(total);
    return { ...position, quantity: total, average_price: average };
  }
  const closed = Math.min(Math.abs(position.quantity), fill.quantity);
  const realized = position.realized_pnl + closed * (fill.price - position.average_price) * Math.sign(position.quantity);
  const remaining = position.quantity + signed;
  if (Math.abs(remaining) < EPSILON) return { ...position, quantity: 0, average_price: 0, realized_pnl: realized };
  return Math.sign(remaining) === Math.sign(position.quantity)
    ? { ...position, quantity: remaining, realized_pnl: realized }
    : { ...position, quantity: remaining, average_price: fill.price, realized_pnl: realized };
}

/** Applies a fill to a list of positions (one per symbol, sorted by symbol), opening the symbol's position if needed. */
export function applyFillToBook(positions: readonly Position[], fill: Fill): Position[] {
  const current = positions.find((p) => p.symbol === fill.symbol) ?? { symbol: fill.symbol, quantity: 0, average_price: 0, realized_pnl: 0 };
  const next = applyFill(current, fill);
  return [...positions.filter((p) => p.symbol !== fill.symbol), next].sort((a, b) => a.symbol.localeCompare(b.symbol));
}

/** Unrealised P&L at the latest price: (price − average) × signed quantity; 0 when flat, null when no price is known. */
export function unrealizedPnl(position: Position, latestPrice: number | undefined): number | null {
  if (Math.abs(position.quantity) < EPSILON) return 0;
  if (latestPrice === undefined) return null;
  return (latestPrice - position.average_price) * position.quantity;
}

/** Money with two decimals, thousands separators and a sign ("+1,234.50", "-3.00", "0.00"; "—" when unknown). */
export function formatPnl(value: number | null): string {
  if (value === null) return '—';
  const rounded = Math.round(value * 100) / 100;
  const text = Math.abs(rounded).toLocaleString('en-US', { minimumFractionDigits: 2, maximumFractionDigits: 2 });
  return rounded > 0 ? `+${text}` : rounded < 0 ? `-${text}` : text;
}
