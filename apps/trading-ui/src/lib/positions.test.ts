import { describe, expect, it } from 'vitest';
import { applyFill, applyFillToBook, formatPnl, unrealizedPnl, type Fill, type Position } from './positions';

const flat: Position = { symbol: 'BTCUSDT', quantity: 0, average_price: 0, realized_pnl: 0 };
const fill = (side: Fill['side'], quantity: number, price: number): Fill => ({ symbol: 'BTCUSDT', side, quantity, price });
const run = (...fills: Fill[]) => fills.reduce(applyFill, flat);

describe('average price and realised P&L', () => {
  it('opens a long at the fill price', () => {
    expect(run(fill('buy', 2, 100))).toEqual({ ...flat, quantity: 2, average_price: 100 });
  });
  it('averages buys weighted by quantity', () => {
    const p = run(fill('buy', 1, 100), fill('buy', 3, 200));
    expect(p.quantity).toBe(4);
    expect(p.average_price).toBeCloseTo(175, 10);
    expect(p.realized_pnl).toBe(0);
  });
  it('realises profit on a partial sell and keeps the average', () => {
    const p = run(fill('buy', 4, 100), fill('sell', 1, 130));
    expect(p).toEqual({ ...flat, quantity: 3, average_price: 100, realized_pnl: 30 });
  });
  it('goes flat with average 0 when the position is closed', () => {
    const p = run(fill('buy', 2, 100), fill('sell', 2, 90));
    expect(p).toEqual({ ...flat, quantity: 0, average_price: 0, realized_pnl: -20 });
  });
  it('flips through zero: realises the closed part and opens the rest at the fill price', () => {
    const p = run(fill('buy', 2, 100), fill('sell', 5, 110));
    expect(p.quantity).toBe(-3);
    expect(p.average_price).toBe(110);
    expect(p.realized_pnl).toBe(20);
  });
  it('realises on shorts the other way round and flips back to long', () => {
    const short = run(fill('sell', 2, 100), fill('sell', 2, 120));
    expect(short.quantity).toBe(-4);
    expect(short.average_price).toBe(110);
    const covered = applyFill(short, fill('buy', 1, 100));
    expect(covered).toEqual({ ...flat, quantity: -3, average_price: 110, realized_pnl: 10 });
    const flipped = applyFill(covered, fill('buy', 5, 90));
    expect(flipped.quantity).toBe(2);
    expect(flipped.average_price).toBe(90);
    expect(flipped.realized_pnl).toBe(70);
  });
  it('treats float noise after many fills as flat', () => {
    const p = run(fill('buy', 0.1, 100), fill('buy', 0.2, 100), fill('sell', 0.3, 100));
    expect(p.quantity).toBe(0);
    expect(p.average_price).toBe(0);
  });
});

describe('positions book', () => {
  it('opens a symbol on its first fill and keeps the list sorted', () => {
    const book = applyFillToBook([{ ...flat, symbol: 'SOLUSDT', quantity: 1, average_price: 150 }], fill('buy', 1, 100));
    expect(book.map((p) => p.symbol)).toEqual(['BTCUSDT', 'SOLUSDT']);
    expect(book[1].quantity).toBe(1);
  });
});

describe('unrealised P&L', () => {
  it('is profit on a long position when the price rises', () => {
    expect(unrealizedPnl({ ...flat, quantity: 2, average_price: 100 }, 110)).toBe(20);
  });
  it('is a loss on a short position when the price rises', () => {
    expect(unrealizedPnl({ ...flat, quantity: -2, average_price: 100 }, 110)).toBe(-20);
  });
  it('is unknown without a price and zero when flat', () => {
    expect(unrealizedPnl({ ...flat, quantity: 1, average_price: 1 }, undefined)).toBeNull();
    expect(unrealizedPnl(flat, undefined)).toBe(0);
  });
  it('formats with a sign and two decimals, never "-0.00"', () => {
    expect(formatPnl(12.345)).toBe('+12.35');
    expect(formatPnl(-3)).toBe('-3.00');
    expect(formatPnl(-0.001)).toBe('0.00');
    expect(formatPnl(1234.5)).toBe('+1,234.50');
    expect(formatPnl(null)).toBe('—');
  });
});
