import { useEffect, useRef } from 'react';
import { CandlestickSeries, createChart, type IChartApi, type ISeriesApi, type UTCTimestamp } from 'lightweight-charts';
import type { Candle } from '../lib/candles';

interface Props { symbol: string; symbols: string[]; candles: Candle[]; lastPrice?: number; status: string; onSymbol: (s: string) => void }

/** Live candles of the selected symbol (lightweight-charts), its last price and the feed status. */
export function PriceChart({ symbol, symbols, candles, lastPrice, status, onSymbol }: Props) {
  const container = useRef<HTMLDivElement>(null);
  const chart = useRef<IChartApi | null>(null);
  const series = useRef<ISeriesApi<'Candlestick'> | null>(null);

  useEffect(() => {
    if (!container.current) return;
    chart.current = createChart(container.current, { height: 320, layout: { background: { color: '#10131a' }, textColor: '#cfd3dc' },
      grid: { vertLines: { color: '#1d2230' }, horzLines: { color: '#1d2230' } }, timeScale: { timeVisible: true, secondsVisible: true } });
    series.current = chart.current.addSeries(CandlestickSeries, {});
    const resize = () => chart.current?.applyOptions({ width: container.current?.clientWidth ?? 600 });
    resize();
    window.addEventListener('resize', resize);
    return () => { window.removeEventListener('resize', resize); chart.current?.remove(); chart.current = null; };
  }, []);

  useEffect(() => {
    series.current?.setData(candles.map((c) => ({ ...c, time: c.time as UTCTimestamp })));
  }, [candles]);

  return (
    <section className="panel chart">
      <header>
        <select value={symbol} onChange={(e) => onSymbol(e.target.value)} data-testid="chart-symbol">
          {symbols.map((s) => <option key={s}>{s}</option>)}
        </select>
        <strong data-testid="last-price">{lastPrice?.toFixed(2) ?? '—'}</strong>
        <span className={`status ${status}`} data-testid="market-status">{status}</span>
      </header>
      <div ref={container} />
    </section>
  );
}
