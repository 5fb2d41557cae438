import { useEffect, useMemo, useState } from 'react';
import { Blotter } from './components/Blotter';
import { ConnectionBadge } from './components/ConnectionBadge';
import { Login } from './components/Login';
import { OrderTicket } from './components/OrderTicket';
import { Positions } from './components/Positions';
import { PriceChart } from './components/PriceChart';
import { SystemPanel } from './components/SystemPanel';
import { useInstruments } from './hooks/useInstruments';
import { useMarketData } from './hooks/useMarketData';
import { useSession } from './hooks/useSession';
import { useTradingData } from './hooks/useTradingData';
import { isStale } from './lib/backoff';
import type { Instrument } from './lib/instruments';
import { session } from './lib/session';

/**
 * The login until the first one succeeds, then the trading screen. When the session ends (a 401, a failed renewal,
 * log out) the login comes back over the screen, which stays mounted: nothing typed is lost.
 */
export function App() {
  const state = useSession();
  const [started, setStarted] = useState(false);
  useEffect(() => { if (state.kind === 'signed-in') setStarted(true); }, [state.kind]);
  return (
    <>
      {started && <TradingScreen username={state.kind === 'signed-in' ? state.username : null} />}
      {state.kind === 'signed-out' && <Login reason={state.reason} />}
    </>
  );
}

/** The trading screen once the instruments (GET /api/instruments: the symbols and their precision) have arrived. */
function TradingScreen({ username }: { username: string | null }) {
  const { instruments, error } = useInstruments();
  if (!instruments) {
    return <div className="app loading" data-testid="instruments-loading">Loading instruments…{error && <span className="error"> ({error}; retrying)</span>}</div>;
  }
  return <TradingLayout username={username} instruments={instruments} />;
}

/** The whole screen: one viewport, no page scroll; the blotter and positions scroll inside their panels. */
function TradingLayout({ username, instruments }: { username: string | null; instruments: Instrument[] }) {
  const symbols = useMemo(() => instruments.map((i) => i.symbol), [instruments]);
  const [symbol, setSymbol] = useState(symbols[0]);
  const market = useMarketData(symbols);
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
          {username && <span className="user" data-testid="user">{username}
            <button type="button" className="logout" onClick={() => session.logout()} data-testid="logout">log out</button></span>}
        </div>
      </header>
      <main className="layout">
        <PriceChart symbol={symbol} symbols={symbols} candles={market.candles[symbol] ?? []} lastPrice={market.prices[symbol]}
          status={feed} loading={!market.historyLoaded[symbol]} onSymbol={setSymbol} />
        <Blotter book={trading.book} loadingOlder={trading.loadingOlder} onOlder={() => void trading.loadOlder()} onNewest={() => void trading.backToNewest()} />
        <aside className="side">
          <OrderTicket symbols={symbols} onPlaced={trading.placed} />
          <Positions positions={trading.positions} prices={market.prices} />
          <SystemPanel health={trading.health} api={trading.apiState} />
        </aside>
      </main>
    </div>
  );
}
