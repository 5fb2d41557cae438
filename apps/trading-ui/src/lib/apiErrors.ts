import type { FieldErrors } from './orderValidation';

/** The error body every TradingAspire service uses for 4xx/5xx. */
export interface ErrorBody { error: string; message: string; errors: { field: string; reason: string }[] }

const FIELDS = new Set(['symbol', 'side', 'type', 'quantity', 'limit_price']);

/**
 * Maps an API error body to messages next to the ticket's fields; anything else goes to the form message. A 422 whose
 * `error` is not `validation_failed` is a rejection by the gateway (nothing stored): the form says "Rejected" and why.
 */
export function fieldErrorsFrom(status: number, body: Partial<ErrorBody> | undefined): FieldErrors {
  const errors: FieldErrors = {};
  for (const item of body?.errors ?? []) {
    const key = (FIELDS.has(item.field) ? item.field : 'form') as keyof FieldErrors;
    errors[key] = errors[key] ? `${errors[key]}; ${item.reason}` : item.reason;
  }
  if (status === 503) errors.form = body?.message ?? 'The gateway is unavailable; the order was not placed.';
  else if (body?.error && body.error !== 'validation_failed' && status === 422) {
    // A business rejection (e.g. risk_rejected): say so on the form, whatever the fields say next to them.
    const rest = errors.form ? ` ${errors.form}` : '';
    errors.form = `Rejected (${body.error}): ${body.message ?? 'the gateway refused the order.'}${rest}`;
  } else if (Object.keys(errors).length === 0) errors.form = body?.message ?? `The order failed (HTTP ${status}).`;
  return errors;
}
