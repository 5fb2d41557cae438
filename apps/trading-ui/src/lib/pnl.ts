/** A net position as trading-api returns it. */
export interface Position { symbol: string; quantity: number; average_price: number; realized_pnl: number }

/** Unrealised P&L of a position at the latest price: (price − average) × signed quantity. */
export function unrealizedPnl(position: Position, latestPrice: number | undefined): number | null {
  if (latestPrice === undefined || position.quantity === 0) return position.quantity === 0 ? 0 : null;
  return (latestPrice - position.average_price) * position.quantity;
}

/** Money with two decimals and a sign. */
export function formatPnl(value: number | null): string {
  if (value === null) return '—';
  const rounded = Math.round(value * 100) / 100;
  return `${rounded > 0 ? '+' : ''}${rounded.toFixed(2)}`;
}
