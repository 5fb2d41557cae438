import { useState } from 'react';
import { postJson, type Trade } from '../lib/api';
import { fieldErrorsFrom } from '../lib/apiErrors';
import { toRequest, validateOrder, type FieldErrors, type OrderForm } from '../lib/orderValidation';

interface Props { symbols: string[]; onPlaced: (trade: Trade) => void }

/** Order entry: client-side checks first, then the API's 422 errors shown next to the same fields. */
export function OrderTicket({ symbols, onPlaced }: Props) {
  const [form, setForm] = useState<OrderForm>({ symbol: symbols[0], side: 'buy', type: 'market', quantity: '0.01', limitPrice: '' });
  const [errors, setErrors] = useState<FieldErrors>({});
  const [result, setResult] = useState<string>('');
  const [busy, setBusy] = useState(false);
  const update = (change: Partial<OrderForm>) => setForm((f) => ({ ...f, ...change }));

  const submit = async (event: React.FormEvent) => {
    event.preventDefault();
    setResult('');
    const local = validateOrder(form);
    setErrors(local);
    if (Object.keys(local).length > 0) return;
    setBusy(true);
    try {
      const { status, body } = await postJson('/api/trades', toRequest(form, `ui-${crypto.randomUUID()}`));
      if (status === 200 || status === 201) {
        setResult(`${body.side} ${body.quantity} ${body.symbol}: ${body.status}${body.average_price ? ` @ ${Number(body.average_price).toFixed(2)}` : ''}`);
        onPlaced(body as Trade);
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
    <section className="panel">
      <h2>Order ticket</h2>
      <form onSubmit={submit} className="ticket" noValidate>
        <label>Symbol<select value={form.symbol} onChange={(e) => update({ symbol: e.target.value })} data-testid="ticket-symbol">
          {symbols.map((s) => <option key={s}>{s}</option>)}</select>{error('symbol')}</label>
        <label>Side<select value={form.side} onChange={(e) => update({ side: e.target.value as OrderForm['side'] })} data-testid="ticket-side">
          <option value="buy">buy</option><option value="sell">sell</option></select></label>
        <label>Type<select value={form.type} onChange={(e) => update({ type: e.target.value as OrderForm['type'] })} data-testid="ticket-type">
          <option value="market">market</option><option value="limit">limit</option></select></label>
        <label>Quantity<input value={form.quantity} onChange={(e) => update({ quantity: e.target.value })} data-testid="ticket-quantity" />{error('quantity')}</label>
        {form.type === 'limit' && (
          <label>Limit price<input value={form.limitPrice} onChange={(e) => update({ limitPrice: e.target.value })} data-testid="ticket-limit-price" />{error('limit_price')}</label>
        )}
        <button disabled={busy} data-testid="ticket-submit">{busy ? 'Sending…' : `Place ${form.side}`}</button>
        {error('form')}
        {result && <span className="ticket-result" data-testid="ticket-result">{result}</span>}
      </form>
    </section>
  );
}
