export type Side = 'buy' | 'sell';
export type OrderType = 'market' | 'limit';

/** What the order ticket holds (text fields as typed). */
export interface OrderForm { symbol: string; side: Side; type: OrderType; quantity: string; limitPrice: string }

/** Field → message, shown next to the field. */
export type FieldErrors = Partial<Record<'symbol' | 'side' | 'type' | 'quantity' | 'limit_price' | 'form', string>>;

/** The request body trading-api expects. */
export interface TradeRequest { symbol: string; side: Side; type: OrderType; quantity: number; limit_price?: number; client_order_id: string }

/** Client-side checks before posting; the API checks again and its 422 errors are shown the same way. */
export function validateOrder(form: OrderForm): FieldErrors {
  const errors: FieldErrors = {};
  if (!/^[A-Z0-9]{2,20}$/.test(form.symbol)) errors.symbol = 'choose a symbol';
  const quantity = Number(form.quantity);
  if (form.quantity.trim() === '' || Number.isNaN(quantity)) errors.quantity = 'must be a number (example: 0.5)';
  if (form.type === 'limit') {
    const price = Number(form.limitPrice);
    if (form.limitPrice.trim() === '' || Number.isNaN(price)) errors.limit_price = 'is required for limit orders (example: 64000.5)';
    else if (price <= 0) errors.limit_price = 'must be greater than 0';
  }
  return errors;
}

/** The body to post; a fresh client_order_id per submission makes a retry of the same click idempotent. */
export function toRequest(form: OrderForm, clientOrderId: string): TradeRequest {
  const request: TradeRequest = { symbol: form.symbol, side: form.side, type: form.type, quantity: Number(form.quantity), client_order_id: clientOrderId };
  if (form.type === 'limit') request.limit_price = Number(form.limitPrice);
  return request;
}
