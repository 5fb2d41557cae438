import type { Trade } from '../lib/api';

/** Recent trades with their live status. */
export function Blotter({ trades }: { trades: Trade[] }) {
  return (
    <section className="panel">
      <h2>Blotter</h2>
      <table data-testid="blotter">
        <thead><tr><th>Time</th><th>Symbol</th><th>Side</th><th>Qty</th><th>Price</th><th>Status</th></tr></thead>
        <tbody>
          {trades.map((t) => (
            <tr key={t.id} data-testid="trade-row" data-client-order-id={t.client_order_id} data-status={t.status}>
              <td>{new Date(t.created_at).toLocaleTimeString()}</td><td>{t.symbol}</td><td className={t.side}>{t.side}</td><td>{t.quantity}</td>
              <td>{t.average_price?.toFixed(2) ?? (t.limit_price ? `lim ${t.limit_price}` : '—')}</td>
              <td className={`status ${t.status}`} title={t.reject_reason ?? ''} data-testid="trade-status">{t.status}</td>
            </tr>
          ))}
        </tbody>
      </table>
    </section>
  );
}
