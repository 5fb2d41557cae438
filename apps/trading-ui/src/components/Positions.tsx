import { formatPnl, unrealizedPnl, type Position } from '../lib/pnl';

/** Net positions with unrealised P&L at the latest tick. */
export function Positions({ positions, prices }: { positions: Position[]; prices: Record<string, number> }) {
  return (
    <section className="panel">
      <h2>Positions</h2>
      <table>
        <thead><tr><th>Symbol</th><th>Qty</th><th>Avg</th><th>Last</th><th>Unrealised</th><th>Realised</th></tr></thead>
        <tbody>
          {positions.map((p) => {
            const pnl = unrealizedPnl(p, prices[p.symbol]);
            return (
              <tr key={p.symbol} data-testid={`position-${p.symbol}`}>
                <td>{p.symbol}</td><td>{p.quantity}</td><td>{p.average_price.toFixed(2)}</td><td>{prices[p.symbol]?.toFixed(2) ?? '—'}</td>
                <td className={pnl === null ? '' : pnl >= 0 ? 'up' : 'down'} data-testid={`pnl-${p.symbol}`}>{formatPnl(pnl)}</td>
                <td>{formatPnl(p.realized_pnl)}</td>
              </tr>
            );
          })}
        </tbody>
      </table>
    </section>
  );
}
