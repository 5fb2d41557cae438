import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { INSTRUMENTS_PATH, parseInstruments } from './instruments';
import { formatPrice, formatQuantity, precisionOf, setInstruments } from './precision';

// The contracts the gateway (C#) and trading-api (Python) are checked against too (CrossServiceContractsTests, test_contracts.py).
const agreed = JSON.parse(readFileSync(fileURLToPath(new URL('../../../../eng/contracts/cross-service.json', import.meta.url)), 'utf-8'));

describe('instruments from the API', () => {
  it('asks the agreed path and reads the agreed answer', () => {
    expect(INSTRUMENTS_PATH).toBe(agreed.instruments.path);
    expect(parseInstruments(agreed.instruments.default_response)).toEqual(agreed.instruments.default_response.instruments);
  });
  it('formats each agreed instrument with its precision once they are set', () => {
    setInstruments(parseInstruments(agreed.instruments.default_response));
    for (const i of agreed.instruments.default_response.instruments) {
      expect(precisionOf(i.symbol)).toEqual({ price: i.price_precision, quantity: i.quantity_precision });
    }
    expect(formatPrice('BTCUSDT', 65012.3456)).toBe('65,012.35');
    expect(formatQuantity('ETHUSDT', 1)).toBe('1.000');
  });
  it('refuses another shape naming what it expected', () => {
    expect(() => parseInstruments({ symbols: ['BTCUSDT'] })).toThrow('/api/instruments: expected {"instruments": [...]} with at least one instrument');
    expect(() => parseInstruments({ instruments: [{ symbol: 'BTCUSDT', price_precision: '2', quantity_precision: 4 }] })).toThrow(
      '/api/instruments: instrument 0 is {"symbol":"BTCUSDT","price_precision":"2","quantity_precision":4}; expected {"symbol": "BTCUSDT", "price_precision": 2, "quantity_precision": 4}');
  });
});
