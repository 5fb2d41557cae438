import { useCallback, useEffect, useState } from 'react';
import { getJson } from '../lib/api';
import { addTick, candlesFromTicks, mergeHistory, type Candle, type Tick } from '../lib/candles';
import type { ConnectionState } from '../lib/connection';
import { openReconnectingSocket } from '../lib/reconnectingSocket';

export const CANDLE_SECONDS = 5;
const HISTORY_TICKS = 2000;

/** Candles and last prices of every symbol: history from trading-api first, then live ticks from /ws/market. */
export function useMarketData(symbols: readonly string[]) {
  const [candles, setCandles] = useState<Record<string, Candle[]>>({});
  const [prices, setPrices] = useState<Record<string, number>>({});
  const [historyLoaded, setHistoryLoaded] = useState<Record<string, boolean>>({});
  const [state, setState] = useState<ConnectionState>({ kind: 'connecting' });
  const [lastTickAt, setLastTickAt] = useState<number | null>(null);

  // The recent past (the gateway keeps it in Redis): so the chart does not start empty, and to fill a gap after a reconnect.
  const loadHistory = useCallback(() => {
    for (const s of symbols) {
      getJson<{ ticks: { price: number; timestamp: string }[] }>(`/api/market/${s}/history?limit=${HISTORY_TICKS}`)
        .then(({ ticks }) => {
          setCandles((c) => ({ ...c, [s]: mergeHistory(candlesFromTicks(ticks, CANDLE_SECONDS), c[s] ?? []) }));
          const last = ticks[ticks.length - 1];
          if (last) setPrices((p) => (p[s] === undefined ? { ...p, [s]: last.price } : p));
          setHistoryLoaded((h) => ({ ...h, [s]: true }));
        })
        .catch(() => setHistoryLoaded((h) => ({ ...h, [s]: true }))); // live ticks still draw; the API badge shows why
    }
  }, [symbols]);

  useEffect(() => {
    loadHistory();
    return openReconnectingSocket('/ws/market', {
      onState: setState,
      onRecovered: loadHistory,
      onMessage: (data) => {
        const tick = data as Tick;
        if (typeof tick.symbol !== 'string' || typeof tick.price !== 'number') return;
        setLastTickAt(Date.now());
        setPrices((p) => ({ ...p, [tick.symbol]: tick.price }));
        setCandles((c) => ({ ...c, [tick.symbol]: addTick(c[tick.symbol] ?? [], tick.price, Date.parse(tick.timestamp), CANDLE_SECONDS) }));
      },
    });
  }, [loadHistory]);

  return { candles, prices, historyLoaded, state, lastTickAt, reloadHistory: loadHistory };
}
