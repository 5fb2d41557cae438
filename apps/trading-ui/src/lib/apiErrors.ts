import type { FieldErrors } from './orderValidation';

/** The error body every TradingAspire service uses for 4xx/5xx. */
export interface ErrorBody { error: string; message: string; errors: { field: string; reason: string }[] }

const FIELDS = new Set(['symbol', 'side', 'type', 'quantity', 'limit_price']);

/** Maps an API error body to messages next to the ticket's fields; anything else goes to the form message. */
export function fieldErrorsFrom(status: number, body: Partial<ErrorBody> | undefined): FieldErrors {
  const errors: FieldErrors = {};
  for (const item of body?.errors ?? []) {
    const key = (FIELDS.has(item.field) ? item.field : 'form') as keyof FieldErrors;
    errors[key] = errors[key] ? `${errors[key]}; ${item.reason}` : item.reason;
  }
  if (status === 503) errors.form = body?.message ?? 'The gateway is unavailable; the trade is kept as pending.';
  else if (Object.keys(errors).length === 0) errors.form = body?.message ?? `The order failed (HTTP ${status}).`;
  return errors;
}
