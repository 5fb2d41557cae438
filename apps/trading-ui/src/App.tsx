import { useCallback, useEffect, useState } from 'react';
import { Blotter } from './components/Blotter';
import { OrderTicket } from './components/OrderTicket';
import { Positions } from './components/Positions';
import { PriceChart } from './components/PriceChart';
import { SystemPanel } from './components/SystemPanel';
import { getJson, type HealthReport, type Trade } from './lib/api';
import { isStale } from './lib/backoff';
import { addTick, candlesFromTicks, mergeHistory, type Candle, type Tick } from './lib/candles';
import type { Position } from './lib/pnl';
import { openReconnectingSocket, type SocketStatus } from './lib/reconnectingSocket';

const SYMBOLS = ['BTCUSDT', 'ETHUSDT', 'SOLUSDT'];
const CANDLE_SECONDS = 5;
const POLL_MS = 3000;
const HISTORY_TICKS = 2000;

export function App() {
  const [symbol, setSymbol] = useState(SYMBOLS[0]);
  const [candles, setCandles] = useState<Record<string, Candle[]>>({});
  const [prices, setPrices] = useState<Record<string, number>>({});
  const [marketSocket, setMarketSocket] = useState<SocketStatus>('connecting');
  const [lastTickAt, setLastTickAt] = useState<number | null>(null);
  const [now, setNow] = useState(Date.now());
  const [trades, setTrades] = useState<Trade[]>([]);
  const [positions, setPositions] = useState<Position[]>([]);
  const [health, setHealth] = useState<HealthReport | null>(null);
  const [healthError, setHealthError] = useState<string | null>(null);

  useEffect(() => openReconnectingSocket('/ws/market', (data) => {
    const tick = data as Tick;
    if (tick.symbol === undefined) return;
    setLastTickAt(Date.now());
    setPrices((p) => ({ ...p, [tick.symbol]: tick.price }));
    setCandles((c) => ({ ...c, [tick.symbol]: addTick(c[tick.symbol] ?? [], tick.price, Date.parse(tick.timestamp), CANDLE_SECONDS) }));
  }, setMarketSocket), []);

  // The recent past of every symbol (kept by the gateway in Redis), so the chart does not start empty.
  useEffect(() => {
    for (const s of SYMBOLS) {
      getJson<{ ticks: { price: number; timestamp: string }[] }>(`/api/market/${s}/history?limit=${HISTORY_TICKS}`)
        .then(({ ticks }) => setCandles((c) => ({ ...c, [s]: mergeHistory(candlesFromTicks(ticks, CANDLE_SECONDS), c[s] ?? []) })))
        .catch(() => { /* live ticks still draw the chart; the system panel shows why the API failed */ });
    }
  }, []);

  const refresh = useCallback(async () => {
    try {
      setTrades((await getJson<{ items: Trade[] }>('/api/trades?limit=50')).items);
      setPositions(await getJson<Position[]>('/api/positions'));
    } catch { /* the system panel shows why */ }
    try {
      const response = await fetch('/api-health');
      setHealth((await response.json()) as HealthReport);
      setHealthError(null);
    } catch (error) {
      setHealthError((error as Error).message);
    }
  }, []);

  useEffect(() => {
    void refresh();
    const timer = setInterval(() => { void refresh(); setNow(Date.now()); }, POLL_MS);
    return () => clearInterval(timer);
  }, [refresh]);

  // Executions update the blotter at once; the periodic refresh reconciles anything missed while disconnected.
  useEffect(() => openReconnectingSocket('/ws/executions', (data) => {
    const execution = data as { client_order_id: string; status: string; price: number; quantity: number };
    setTrades((list) => list.map((t) => t.client_order_id === execution.client_order_id
      ? { ...t, status: execution.status, average_price: execution.price, filled_quantity: execution.quantity } : t));
    void refresh();
  }, () => undefined), [refresh]);

  const placed = (trade: Trade) => setTrades((list) => [trade, ...list.filter((t) => t.id !== trade.id)]);
  const feed = marketSocket !== 'open' ? marketSocket : isStale(lastTickAt, now) ? 'stale' : 'live';

  return (
    <main className="layout">
      <PriceChart symbol={symbol} symbols={SYMBOLS} candles={candles[symbol] ?? []} lastPrice={prices[symbol]} status={feed} onSymbol={setSymbol} />
      <OrderTicket symbols={SYMBOLS} onPlaced={placed} />
      <Blotter trades={trades} />
      <Positions positions={positions} prices={prices} />
      <SystemPanel health={health} error={healthError} />
    </main>
  );
}
