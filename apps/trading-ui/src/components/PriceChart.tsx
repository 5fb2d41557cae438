import { useEffect, useRef } from 'react';
import { CandlestickSeries, createChart, type IChartApi, type ISeriesApi, type UTCTimestamp } from 'lightweight-charts';
import type { Candle } from '../lib/candles';
import { formatPrice, precisionOf } from '../lib/precision';

interface Props { symbol: string; symbols: string[]; candles: Candle[]; lastPrice?: number; status: string; loading: boolean; onSymbol: (s: string) => void }

const localTime = (time: number) => new Date(time * 1000).toLocaleTimeString([], { hour12: false });

/** Live candles of the selected symbol filling the panel (lightweight-charts, auto-sized), its last price and the feed status. */
export function PriceChart({ symbol, symbols, candles, lastPrice, status, loading, onSymbol }: Props) {
  const container = useRef<HTMLDivElement>(null);
  const chart = useRef<IChartApi | null>(null);
  const series = useRef<ISeriesApi<'Candlestick'> | null>(null);

  useEffect(() => {
    if (!container.current) return;
    chart.current = createChart(container.current, {
      autoSize: true,
      layout: { background: { color: '#10141d' }, textColor: '#b9c2d3', fontSize: 11, attributionLogo: false },
      grid: { vertLines: { color: '#1b2130' }, horzLines: { color: '#1b2130' } },
      rightPriceScale: { borderColor: '#2a3142' },
      // Time labels are never cut off: fixLeftEdge makes the chart shift the labels at the left edge inside the pane, and
      // the right offset leaves room between the newest candle (and its label) and the price scale.
      timeScale: { borderColor: '#2a3142', timeVisible: true, secondsVisible: true, rightOffset: 6, fixLeftEdge: true, tickMarkFormatter: localTime },
      localization: { timeFormatter: localTime },
    });
    series.current = chart.current.addSeries(CandlestickSeries, { upColor: '#3fb970', downColor: '#f0605a', wickUpColor: '#3fb970', wickDownColor: '#f0605a', borderVisible: false });
    return () => { chart.current?.remove(); chart.current = null; series.current = null; };
  }, []);

  useEffect(() => {
    const digits = precisionOf(symbol).price;
    series.current?.applyOptions({ priceFormat: { type: 'price', precision: digits, minMove: 10 ** -digits } });
    chart.current?.timeScale().scrollToRealTime();
  }, [symbol]);

  // The first data of a symbol (history) is fitted to the width; later ticks keep the user's zoom and scroll.
  const fitted = useRef<string | null>(null);
  useEffect(() => {
    series.current?.setData(candles.map((c) => ({ ...c, time: c.time as UTCTimestamp })));
    if (candles.length > 0 && fitted.current !== symbol) {
      fitted.current = symbol;
      chart.current?.timeScale().fitContent();
    }
  }, [candles, symbol]);

  return (
    <section className="panel chart" data-testid="chart">
      <header>
        <select value={symbol} onChange={(e) => onSymbol(e.target.value)} data-testid="chart-symbol">
          {symbols.map((s) => <option key={s}>{s}</option>)}
        </select>
        <strong className="num" data-testid="last-price">{formatPrice(symbol, lastPrice)}</strong>
        <span className={`status ${status}`} data-testid="market-status">{status}</span>
      </header>
      <div className="chart-area">
        <div ref={container} className="chart-canvas" />
        {candles.length === 0 && <div className="chart-empty">{loading ? 'Loading price history…' : `No prices for ${symbol} yet`}</div>}
      </div>
    </section>
  );
}
