import { context, propagation, trace } from '@opentelemetry/api';
import { InMemorySpanExporter, SimpleSpanProcessor, WebTracerProvider } from '@opentelemetry/sdk-trace-web';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createSampler, IGNORED_URLS, inSpan } from './telemetry';

const exporter = new InMemorySpanExporter();

describe('submit span', () => {
  beforeAll(() => {
    // As startTelemetry does: register() installs the W3C propagator and the web context manager.
    new WebTracerProvider({ spanProcessors: [new SimpleSpanProcessor(exporter)] }).register();
  });
  afterAll(() => { trace.disable(); propagation.disable(); context.disable(); });

  it('is the active span while the work runs, so the request carries its traceparent, and ends afterwards', async () => {
    exporter.reset();
    let carrier: Record<string, string> = {};
    const result = await inSpan('submit order', { 'order.symbol': 'BTCUSDT' }, async () => {
      carrier = {};
      propagation.inject(context.active(), carrier);
      return 42;
    });
    expect(result).toBe(42);
    const [span] = exporter.getFinishedSpans();
    expect(span.name).toBe('submit order');
    expect(span.attributes['order.symbol']).toBe('BTCUSDT');
    expect(carrier.traceparent).toBe(`00-${span.spanContext().traceId}-${span.spanContext().spanId}-01`);
  });

  it('records a failure and rethrows it', async () => {
    exporter.reset();
    await expect(inSpan('submit order', {}, async () => { throw new Error('network down'); })).rejects.toThrow('network down');
    const [span] = exporter.getFinishedSpans();
    expect(span.status).toEqual({ code: 2, message: 'network down' });
    expect(span.events.map((e) => e.name)).toEqual(['exception']);
  });
});

describe('traced fetches', () => {
  const ignored = (url: string) => IGNORED_URLS.some((pattern) => pattern.test(url));
  it('traces placing an order but not the background polling or the exporter', () => {
    expect(ignored('http://127.0.0.1:5173/api/trades')).toBe(false);
    for (const url of ['/api/trades?limit=50', '/api/trades?limit=50&before=2026-11-29T10%3A00%3A00Z', '/api/positions',
      '/api/market/BTCUSDT/history?limit=2000', '/api/instruments', '/api-health', '/auth/token', 'http://localhost:18890/v1/traces']) {
      expect(ignored(url.startsWith('/') ? `http://127.0.0.1:5173${url}` : url)).toBe(true);
    }
  });
});

describe('sampler', () => {
  it('is the web SDK sampler the setting names', () => {
    expect(createSampler({ name: 'always_on', ratio: 1 }).toString()).toBe('AlwaysOnSampler');
    expect(createSampler({ name: 'always_off', ratio: 1 }).toString()).toBe('AlwaysOffSampler');
    expect(createSampler({ name: 'traceidratio', ratio: 0.25 }).toString()).toBe('TraceIdRatioBased{0.25}');
    expect(createSampler({ name: 'parentbased_always_on', ratio: 1 }).toString()).toMatch(/^ParentBased\{root=AlwaysOnSampler,/);
    expect(createSampler({ name: 'parentbased_always_off', ratio: 1 }).toString()).toMatch(/^ParentBased\{root=AlwaysOffSampler,/);
    expect(createSampler({ name: 'parentbased_traceidratio', ratio: 0.1 }).toString()).toMatch(/^ParentBased\{root=TraceIdRatioBased\{0.1\},/);
  });

  it('decides which root spans are exported: ratio 0 keeps none, ratio 1 keeps all', () => {
    const count = (ratio: number) => {
      const kept = new InMemorySpanExporter();
      const tracer = new WebTracerProvider({ sampler: createSampler({ name: 'parentbased_traceidratio', ratio }), spanProcessors: [new SimpleSpanProcessor(kept)] })
        .getTracer('test');
      for (let i = 0; i < 20; i++) tracer.startSpan('submit order', {}, context.active()).end();
      return kept.getFinishedSpans().length;
    };
    expect(count(0)).toBe(0);
    expect(count(1)).toBe(20);
  });
});
