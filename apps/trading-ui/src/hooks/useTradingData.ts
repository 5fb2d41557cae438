import { useCallback, useEffect, useRef, useState } from 'react';
import { getJson, type HealthReport, type Trade } from '../lib/api';
import { appendOlder, applyExecution, emptyBook, fetchOlderPage, fromNewestPage, mergeNewest, PAGE_SIZE, type BlotterBook, type TradesPage } from '../lib/blotterBook';
import { ConnectionMachine, type ConnectionState } from '../lib/connection';
import { applyFillToBook, type Position } from '../lib/positions';
import { openReconnectingSocket } from '../lib/reconnectingSocket';

const POLL_MS = 3000;
const NEWEST = `/api/trades?limit=${PAGE_SIZE}`;

interface ExecutionMessage { type?: string; client_order_id: string; symbol: string; side: 'buy' | 'sell'; status: string; price: number; quantity: number }

/**
 * Orders (blotter), positions and health from trading-api, kept live by /ws/executions and a 3 s poll. The poll is
 * the API's connection state: a failure switches to reconnecting with backoff; recovery refetches the newest orders.
 */
export function useTradingData() {
  const [book, setBook] = useState<BlotterBook>(emptyBook);
  const [positions, setPositions] = useState<Position[]>([]);
  const [health, setHealth] = useState<HealthReport | null>(null);
  const [apiState, setApiState] = useState<ConnectionState>({ kind: 'connecting' });
  const [executionsState, setExecutionsState] = useState<ConnectionState>({ kind: 'connecting' });
  const [loadingOlder, setLoadingOlder] = useState(false);

  const fetchNewest = useCallback(async () => {
    const page = await getJson<TradesPage>(NEWEST);
    // An empty book takes the page as is (so it knows whether older pages exist); otherwise merge by id.
    setBook((b) => (b.rows.length === 0 ? fromNewestPage(page) : mergeNewest(b, page.items)));
  }, []);

  const poll = useCallback(async () => {
    // /api-health answers 503 with a report when PostgreSQL or Redis is down: still an answer worth showing.
    const response = await fetch('/api-health').catch(() => null);
    const report = response ? ((await response.json().catch(() => null)) as HealthReport | null) : null;
    setHealth(report?.checks ? report : null);
    await fetchNewest();
    setPositions(await getJson<Position[]>('/api/positions'));
  }, [fetchNewest]);

  useEffect(() => {
    let timer: ReturnType<typeof setTimeout> | undefined;
    const attempt = (m: ConnectionMachine) => {
      poll().then(() => { m.opened(); timer = setTimeout(() => attempt(m), POLL_MS); })
        .catch((error: Error) => m.failed(error.message));
    };
    const machine = new ConnectionMachine({ onChange: setApiState, connect: attempt });
    machine.start();
    return () => { machine.stop(); clearTimeout(timer); };
  }, [poll]);

  // Executions update rows and positions at once; the poll reconciles with what trading-api stored.
  const refetchSoon = useRef<ReturnType<typeof setTimeout> | undefined>(undefined);
  useEffect(() => openReconnectingSocket('/ws/executions', {
    onState: setExecutionsState,
    onRecovered: () => { void fetchNewest().catch(() => undefined); },
    onMessage: (data) => {
      const execution = data as ExecutionMessage;
      if (typeof execution.client_order_id !== 'string') return;
      setBook((b) => applyExecution(b, execution.client_order_id, { status: execution.status, average_price: execution.price, filled_quantity: execution.quantity }));
      if (typeof execution.quantity === 'number' && typeof execution.price === 'number') {
        setPositions((p) => applyFillToBook(p, { symbol: execution.symbol, side: execution.side, quantity: execution.quantity, price: execution.price }));
      }
      // An order placed elsewhere (the strategy) is not on screen yet: fetch the newest page, at most once a second.
      if (refetchSoon.current === undefined) {
        refetchSoon.current = setTimeout(() => { refetchSoon.current = undefined; void fetchNewest().catch(() => undefined); }, 1000);
      }
    },
  }), [fetchNewest]);

  const loadOlder = useCallback(async () => {
    if (!book.hasOlder || loadingOlder) return;
    setLoadingOlder(true);
    try {
      const page = await fetchOlderPage(book, (path) => getJson<TradesPage>(path));
      setBook((b) => (page === null ? { ...b, hasOlder: false } : appendOlder(b, page)));
    } catch { /* the API badge shows the outage; scrolling again retries */ } finally {
      setLoadingOlder(false);
    }
  }, [book, loadingOlder]);

  const backToNewest = useCallback(async () => {
    try { setBook(fromNewestPage(await getJson<TradesPage>(NEWEST))); } catch { /* shown by the API badge */ }
  }, []);

  const placed = useCallback((trade: Trade) => setBook((b) => mergeNewest(b, [trade])), []);

  return { book, positions, health, apiState, executionsState, loadingOlder, loadOlder, backToNewest, placed };
}
