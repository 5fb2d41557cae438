import { describe, expect, it } from 'vitest';
import { formatPrice, formatQuantity, precisionOf, setInstruments } from './precision';

describe('symbol precision', () => {
  setInstruments([
    { symbol: 'BTCUSDT', price_precision: 2, quantity_precision: 4 },
    { symbol: 'ETHUSDT', price_precision: 2, quantity_precision: 3 },
    { symbol: 'SOLUSDT', price_precision: 3, quantity_precision: 2 },
  ]);
  it('formats prices and quantities with the symbol decimals', () => {
    expect(formatPrice('BTCUSDT', 65012.3456)).toBe('65,012.35');
    expect(formatPrice('SOLUSDT', 151.2)).toBe('151.200');
    expect(formatQuantity('BTCUSDT', 0.01)).toBe('0.0100');
    expect(formatQuantity('ETHUSDT', -0.5)).toBe('-0.500');
    // Finer than the symbol's step: shown as it is, never rounded away.
    expect(formatQuantity('SOLUSDT', 0.001)).toBe('0.001');
    expect(formatQuantity('BTCUSDT', 0.0000000001)).toBe('0.0000000001');
  });
  it('chooses more decimals for small prices of unknown symbols', () => {
    expect(precisionOf('DOGEUSDT', 0.12).price).toBe(4);
    expect(precisionOf('XYZ', 5000).price).toBe(2);
  });
  it('shows a dash for unknown values', () => {
    expect(formatPrice('BTCUSDT', undefined)).toBe('—');
    expect(formatQuantity('BTCUSDT', null)).toBe('—');
  });
});
