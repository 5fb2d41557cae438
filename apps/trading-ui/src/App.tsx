import { useEffect, useState } from 'react';
import { Blotter } from './components/Blotter';
import { ConnectionBadge } from './components/ConnectionBadge';
import { OrderTicket } from './components/OrderTicket';
import { Positions } from './components/Positions';
import { PriceChart } from './components/PriceChart';
import { SystemPanel } from './components/SystemPanel';
import { useMarketData } from './hooks/useMarketData';
import { useTradingData } from './hooks/useTradingData';
import { isStale } from './lib/backoff';

const SYMBOLS = ['BTCUSDT', 'ETHUSDT', 'SOLUSDT'];

/** The whole screen: one viewport, no page scroll; the blotter and positions scroll inside their panels. */
export function App() {
  const [symbol, setSymbol] = useState(SYMBOLS[0]);
  const market = useMarketData(SYMBOLS);
  const trading = useTradingData();
  const [now, setNow] = useState(Date.now());
  useEffect(() => {
    const timer = setInterval(() => setNow(Date.now()), 1000);
    return () => clearInterval(timer);
  }, []);

  const feed = market.state.kind !== 'live' ? market.state.kind : isStale(market.lastTickAt, now) ? 'stale' : 'live';

  return (
    <div className="app">
      <header className="topbar">
        <h1>TradingAspire</h1>
        <div className="connections">
          <ConnectionBadge stream="market" label="market" state={market.state} />
          <ConnectionBadge stream="executions" label="executions" state={trading.executionsState} />
          <ConnectionBadge stream="api" label="API" state={trading.apiState} />
        </div>
      </header>
      <main className="layout">
        <PriceChart symbol={symbol} symbols={SYMBOLS} candles={market.candles[symbol] ?? []} lastPrice={market.prices[symbol]}
          status={feed} loading={!market.historyLoaded[symbol]} onSymbol={setSymbol} />
        <Blotter book={trading.book} loadingOlder={trading.loadingOlder} onOlder={() => void trading.loadOlder()} onNewest={() => void trading.backToNewest()} />
        <aside className="side">
          <OrderTicket symbols={SYMBOLS} onPlaced={trading.placed} />
          <Positions positions={trading.positions} prices={market.prices} />
          <SystemPanel health={trading.health} api={trading.apiState} />
        </aside>
      </main>
    </div>
  );
}
