import { describe, expect, it } from 'vitest';
import { addTick, candlesFromTicks, mergeHistory } from './candles';
import { toRequest, validateOrder, type OrderForm } from './orderValidation';
import { fieldErrorsFrom } from './apiErrors';
import { isStale, reconnectDelay } from './backoff';

describe('candle aggregation', () => {
  it('starts a candle with the first tick of a bucket', () => {
    expect(addTick([], 100, 10_000, 5)).toEqual([{ time: 10, open: 100, high: 100, low: 100, close: 100 }]);
  });
  it('updates high, low and close within the bucket', () => {
    let candles = addTick([], 100, 10_000, 5);
    candles = addTick(candles, 105, 11_000, 5);
    candles = addTick(candles, 98, 12_000, 5);
    expect(candles).toEqual([{ time: 10, open: 100, high: 105, low: 98, close: 98 }]);
  });
  it('opens a new candle in the next bucket and keeps at most the limit', () => {
    let candles = addTick([], 1, 0, 1, 2);
    candles = addTick(candles, 2, 1_000, 1, 2);
    candles = addTick(candles, 3, 2_000, 1, 2);
    expect(candles.map((c) => c.time)).toEqual([1, 2]);
  });
  it('ignores ticks older than the last candle', () => {
    const candles = addTick([], 100, 20_000, 5);
    expect(addTick(candles, 50, 1_000, 5)).toEqual(candles);
  });
});

describe('chart history', () => {
  const at = (second: number) => new Date(Date.UTC(2026, 10, 26, 4, 0, second)).toISOString();
  const bucket = (second: number) => Date.UTC(2026, 10, 26, 4, 0, second) / 1000;
  it('builds candles from ticks in time order', () => {
    const candles = candlesFromTicks([{ price: 10, timestamp: at(0) }, { price: 12, timestamp: at(3) }, { price: 11, timestamp: at(6) }], 5);
    expect(candles).toEqual([
      { time: bucket(0), open: 10, high: 12, low: 10, close: 12 },
      { time: bucket(5), open: 11, high: 11, low: 11, close: 11 },
    ]);
  });
  it('joins history and live candles by bucket: history keeps its open, live gives the close', () => {
    const history = [
      { time: 0, open: 1, high: 3, low: 1, close: 2 },
      { time: 5, open: 2, high: 9, low: 2, close: 4 },
      { time: 10, open: 4, high: 4, low: 4, close: 4 },
    ];
    const live = [{ time: 5, open: 3, high: 5, low: 1, close: 5 }, { time: 10, open: 5, high: 6, low: 5, close: 6 }];
    expect(mergeHistory(history, live)).toEqual([
      { time: 0, open: 1, high: 3, low: 1, close: 2 },
      { time: 5, open: 2, high: 9, low: 1, close: 5 },
      { time: 10, open: 4, high: 6, low: 4, close: 6 },
    ]);
  });
  it('fills the gap between live candles after a reconnect', () => {
    const before = { time: 0, open: 1, high: 1, low: 1, close: 1 };
    const after = { time: 20, open: 5, high: 5, low: 5, close: 5 };
    const gap = [{ time: 5, open: 2, high: 2, low: 2, close: 2 }, { time: 10, open: 3, high: 3, low: 3, close: 3 }];
    expect(mergeHistory(gap, [before, after]).map((c) => c.time)).toEqual([0, 5, 10, 20]);
  });
  it('keeps at most the limit, dropping the oldest', () => {
    const candles = [0, 5, 10, 15].map((time) => ({ time, open: 1, high: 1, low: 1, close: 1 }));
    expect(mergeHistory(candles.slice(0, 2), candles.slice(2), 3).map((c) => c.time)).toEqual([5, 10, 15]);
  });
  it('is the history alone before any live tick', () => {
    const history = [{ time: 0, open: 1, high: 1, low: 1, close: 1 }];
    expect(mergeHistory(history, [])).toEqual(history);
  });
});

describe('order form validation', () => {
  const form: OrderForm = { symbol: 'BTCUSDT', side: 'buy', type: 'market', quantity: '0.5', limitPrice: '' };
  it('accepts a market order', () => expect(validateOrder(form)).toEqual({}));
  it('needs a numeric quantity but leaves its range to the API', () => {
    expect(validateOrder({ ...form, quantity: 'abc' }).quantity).toBe('must be a number (example: 0.5)');
    expect(validateOrder({ ...form, quantity: '-1' })).toEqual({});
  });
  it('needs a positive limit price for limit orders', () => {
    expect(validateOrder({ ...form, type: 'limit' }).limit_price).toBe('is required for limit orders (example: 64000.5)');
    expect(validateOrder({ ...form, type: 'limit', limitPrice: '0' }).limit_price).toBe('must be greater than 0');
  });
  it('builds the request body with the limit price only for limits', () => {
    expect(toRequest(form, 'ui-1')).toEqual({ symbol: 'BTCUSDT', side: 'buy', type: 'market', quantity: 0.5, client_order_id: 'ui-1' });
    expect(toRequest({ ...form, type: 'limit', limitPrice: '64000' }, 'ui-2').limit_price).toBe(64000);
  });
});

describe('API errors next to fields', () => {
  it('maps each error to its field', () => {
    expect(fieldErrorsFrom(422, { errors: [{ field: 'quantity', reason: 'must be greater than 0 (example: 0.5)' }] }))
      .toEqual({ quantity: 'must be greater than 0 (example: 0.5)' });
  });
  it('says on the form that the gateway rejected the order, with the reason next to the field', () => {
    const body = { error: 'risk_rejected', message: 'The order breaks a risk limit.', errors: [{ field: 'quantity', reason: 'notional 2,000,000 exceeds 1,000,000' }] };
    expect(fieldErrorsFrom(422, body)).toEqual({
      quantity: 'notional 2,000,000 exceeds 1,000,000', form: 'Rejected (risk_rejected): The order breaks a risk limit.',
    });
    expect(fieldErrorsFrom(422, { error: 'risk_rejected', message: 'limit', errors: [{ field: 'position', reason: 'would exceed 10' }] }).form)
      .toBe('Rejected (risk_rejected): limit would exceed 10');
  });
  it('puts unknown fields and gateway outages on the form', () => {
    expect(fieldErrorsFrom(422, { errors: [{ field: 'body', reason: 'bad' }] })).toEqual({ form: 'bad' });
    expect(fieldErrorsFrom(503, { message: 'gateway down', errors: [] }).form).toBe('gateway down');
  });
});

describe('reconnect policy', () => {
  it('doubles from the initial delay up to the cap without jitter', () => {
    expect([0, 1, 2, 3, 10].map((a) => reconnectDelay(a, 500, 4000, 0))).toEqual([500, 1000, 2000, 4000, 4000]);
  });
  it('spreads by at most the jitter', () => {
    expect(reconnectDelay(2, 500, 4000, 0.2, () => 0)).toBe(1600);
    expect(reconnectDelay(2, 500, 4000, 0.2, () => 1)).toBe(2400);
  });
  it('calls data stale after the threshold or when nothing arrived', () => {
    expect(isStale(null, 1000)).toBe(true);
    expect(isStale(1000, 5000, 5000)).toBe(false);
    expect(isStale(1000, 7000, 5000)).toBe(true);
  });
});
