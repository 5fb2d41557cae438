import { useEffect, useRef, type UIEvent } from 'react';
import type { BlotterBook } from '../lib/blotterBook';
import { formatPrice, formatQuantity } from '../lib/precision';

interface Props { book: BlotterBook; loadingOlder: boolean; onOlder: () => void; onNewest: () => void }

const time = (iso: string) => new Date(iso).toLocaleTimeString([], { hour12: false });

/** Orders, newest first, scrolling inside the panel; older pages load when scrolled to the end (at most MAX_ROWS rows). */
export function Blotter({ book, loadingOlder, onOlder, onNewest }: Props) {
  const scroller = useRef<HTMLDivElement>(null);
  // Back at the newest orders (after paging past the bound): show the top, not the end (which would page again).
  useEffect(() => { if (!book.detached && scroller.current) scroller.current.scrollTop = 0; }, [book.detached]);
  const onScroll = (event: UIEvent<HTMLDivElement>) => {
    const el = event.currentTarget;
    if (book.hasOlder && !loadingOlder && el.scrollTop + el.clientHeight >= el.scrollHeight - 60) onOlder();
  };
  return (
    <section className="panel blotter" data-testid="blotter">
      <h2>Orders <span className="muted">{book.rows.length} shown</span>
        {book.detached && (
          <button className="link" onClick={() => { if (scroller.current) scroller.current.scrollTop = 0; onNewest(); }} data-testid="blotter-newest">
            {book.missedNewer > 0 ? `${book.missedNewer}${book.missedNewer >= 50 ? '+' : ''} newer · ` : ''}back to newest
          </button>
        )}
      </h2>
      <div className="scroll" ref={scroller} onScroll={onScroll} data-testid="blotter-scroll">
        <table>
          <thead><tr><th>Time</th><th>Symbol</th><th>Side</th><th>Type</th><th className="num">Qty</th><th className="num">Price</th><th className="wide">Status</th></tr></thead>
          <tbody>
            {book.rows.map((t) => (
              <tr key={t.id} data-testid="trade-row" data-client-order-id={t.client_order_id} data-status={t.status}>
                <td>{time(t.created_at)}</td><td>{t.symbol}</td><td className={t.side}>{t.side}</td><td>{t.type}</td>
                <td className="num">{formatQuantity(t.symbol, t.quantity)}</td>
                <td className="num">{t.average_price !== null ? formatPrice(t.symbol, t.average_price) : t.limit_price !== null ? `lim ${formatPrice(t.symbol, t.limit_price)}` : '—'}</td>
                <td className="wide"><span className={`status ${t.status}`} data-testid="trade-status">{t.status}</span>
                  {t.reject_reason && <span className="reason" title={t.reject_reason} data-testid="trade-reason">{t.reject_reason}</span>}</td>
              </tr>
            ))}
          </tbody>
        </table>
        <div className="blotter-end" data-testid="blotter-older">
          {loadingOlder ? 'Loading older orders…'
            : book.hasOlder ? <button className="link" onClick={onOlder}>Load older orders</button>
            : book.rows.length === 0 ? 'No orders yet' : 'No older orders'}
        </div>
      </div>
    </section>
  );
}
