import { useState } from 'react';
import { postJson, type Trade } from '../lib/api';
import { fieldErrorsFrom } from '../lib/apiErrors';
import { toRequest, validateOrder, type FieldErrors, type OrderForm } from '../lib/orderValidation';
import { formatPrice } from '../lib/precision';
import { inSpan } from '../lib/telemetry';

interface Props { symbols: string[]; onPlaced: (trade: Trade) => void }

/** Order entry: client-side checks first, then the API's 422 errors next to the same fields; a rejection shows its reason. */
export function OrderTicket({ symbols, onPlaced }: Props) {
  const [form, setForm] = useState<OrderForm>({ symbol: symbols[0], side: 'buy', type: 'market', quantity: '0.01', limitPrice: '' });
  const [errors, setErrors] = useState<FieldErrors>({});
  const [result, setResult] = useState<{ text: string; rejected: boolean } | null>(null);
  const [busy, setBusy] = useState(false);
  const update = (change: Partial<OrderForm>) => setForm((f) => ({ ...f, ...change }));

  const submit = async (event: React.FormEvent) => {
    event.preventDefault();
    setResult(null);
    const local = validateOrder(form);
    setErrors(local);
    if (Object.keys(local).length > 0) return;
    setBusy(true);
    const clientOrderId = `ui-${crypto.randomUUID()}`;
    try {
      // The span is the root of the order's trace; the fetch inside carries its traceparent to trading-api.
      const { status, body } = await inSpan('submit order', { 'order.symbol': form.symbol, 'order.side': form.side, 'order.client_order_id': clientOrderId },
        async (span) => {
          const answer = await postJson('/api/trades', toRequest(form, clientOrderId));
          span.setAttribute('http.response.status_code', answer.status);
          return answer;
        });
      if (status === 200 || status === 201) {
        const price = body.average_price ? ` @ ${formatPrice(body.symbol, Number(body.average_price))}` : '';
        const reason = body.status === 'rejected' && body.reject_reason ? ` (${body.reject_reason})` : '';
        setResult({ text: `${body.side} ${body.quantity} ${body.symbol}: ${body.status}${price}${reason}`, rejected: body.status === 'rejected' });
        onPlaced(body as Trade);
      } else if (status === 401) {
        // The session ended (the login is shown again); the ticket keeps the order: log in, then send it again.
        setErrors({ form: 'Not sent: your session has ended. Log in again, then send the order again.' });
      } else {
        setErrors(fieldErrorsFrom(status, body));
        if (body?.trade) onPlaced(body.trade as Trade);
      }
    } catch (error) {
      setErrors({ form: `trading-api is unreachable: ${(error as Error).message}` });
    } finally {
      setBusy(false);
    }
  };

  const error = (field: keyof FieldErrors) => errors[field] && <span className="field-error" data-testid={`error-${field}`}>{errors[field]}</span>;
  return (
    <section className="panel ticket-panel" data-testid="ticket">
      <h2>Order ticket</h2>
      <form onSubmit={submit} className="ticket" noValidate>
        <label>Symbol<select value={form.symbol} onChange={(e) => update({ symbol: e.target.value })} data-testid="ticket-symbol">
          {symbols.map((s) => <option key={s}>{s}</option>)}</select>{error('symbol')}</label>
        <label>Side<select value={form.side} onChange={(e) => update({ side: e.target.value as OrderForm['side'] })} data-testid="ticket-side">
          <option value="buy">buy</option><option value="sell">sell</option></select></label>
        <label>Type<select value={form.type} onChange={(e) => update({ type: e.target.value as OrderForm['type'] })} data-testid="ticket-type">
          <option value="market">market</option><option value="limit">limit</option></select></label>
        <label>Quantity<input value={form.quantity} inputMode="decimal" onChange={(e) => update({ quantity: e.target.value })} data-testid="ticket-quantity" />{error('quantity')}</label>
        <label className={form.type === 'limit' ? '' : 'hidden'}>Limit price
          <input value={form.limitPrice} inputMode="decimal" disabled={form.type !== 'limit'} onChange={(e) => update({ limitPrice: e.target.value })} data-testid="ticket-limit-price" />
          {error('limit_price')}</label>
        <button disabled={busy} className={`submit ${form.side}`} data-testid="ticket-submit">{busy ? 'Sending…' : `${form.side === 'buy' ? 'Buy' : 'Sell'} ${form.symbol}`}</button>
        {error('form')}
        {result && <span className={`ticket-result ${result.rejected ? 'rejected' : ''}`} data-testid="ticket-result">{result.text}</span>}
      </form>
    </section>
  );
}
