import { formatPnl, unrealizedPnl, type Position } from '../lib/positions';
import { formatPrice, formatQuantity } from '../lib/precision';

const tone = (value: number | null) => (value === null || Math.abs(value) < 0.005 ? '' : value > 0 ? 'up' : 'down');

/** Net positions: quantity, average price, last price, unrealised P&L at the latest tick and realised P&L. */
export function Positions({ positions, prices }: { positions: Position[]; prices: Record<string, number> }) {
  const rows = positions.map((p) => ({ p, unrealized: unrealizedPnl(p, prices[p.symbol]) }));
  const total = rows.reduce<{ u: number | null; r: number }>((sum, { p, unrealized }) =>
    ({ u: sum.u === null || unrealized === null ? null : sum.u + unrealized, r: sum.r + p.realized_pnl }), { u: 0, r: 0 });
  return (
    <section className="panel positions" data-testid="positions">
      <h2>Positions</h2>
      <div className="scroll">
        <table>
          <thead><tr><th>Symbol</th><th className="num">Qty</th><th className="num">Avg</th><th className="num">Last</th><th className="num">Unreal.</th><th className="num">Real.</th></tr></thead>
          <tbody>
            {rows.map(({ p, unrealized }) => (
              <tr key={p.symbol} data-testid={`position-${p.symbol}`}>
                <td>{p.symbol}</td>
                <td className="num">{formatQuantity(p.symbol, p.quantity)}</td>
                <td className="num">{p.quantity === 0 ? '—' : formatPrice(p.symbol, p.average_price)}</td>
                <td className="num">{formatPrice(p.symbol, prices[p.symbol])}</td>
                <td className={`num ${tone(unrealized)}`} data-testid={`pnl-${p.symbol}`}>{formatPnl(unrealized)}</td>
                <td className={`num ${tone(p.realized_pnl)}`} data-testid={`realized-${p.symbol}`}>{formatPnl(p.realized_pnl)}</td>
              </tr>
            ))}
            {rows.length === 0 && <tr><td colSpan={6} className="muted">No positions yet</td></tr>}
          </tbody>
          {rows.length > 0 && (
            <tfoot><tr><td colSpan={4}>Total</td>
              <td className={`num ${tone(total.u)}`} data-testid="pnl-total">{formatPnl(total.u)}</td>
              <td className={`num ${tone(total.r)}`} data-testid="realized-total">{formatPnl(total.r)}</td></tr></tfoot>
          )}
        </table>
      </div>
    </section>
  );
}
