import { context, trace, SpanStatusCode, type Span } from '@opentelemetry/api';
import { OTLPTraceExporter } from '@opentelemetry/exporter-trace-otlp-proto';
import { registerInstrumentations } from '@opentelemetry/instrumentation';
import { FetchInstrumentation } from '@opentelemetry/instrumentation-fetch';
import { resourceFromAttributes } from '@opentelemetry/resources';
import {
  AlwaysOffSampler, AlwaysOnSampler, BatchSpanProcessor, ParentBasedSampler, TraceIdRatioBasedSampler, WebTracerProvider, type Sampler,
} from '@opentelemetry/sdk-trace-web';
import { telemetryConfig, type SamplerConfig, type TelemetryConfig, type TelemetryEnv } from './telemetryConfig';

declare const __OTEL__: TelemetryEnv;

/**
 * Fetches that are not traced (no span, no traceparent): the exporter's own posts, the background polling
 * (GET /api/trades?…, positions, market history, health, the instruments list) and the token requests (login, renewals, the WebSockets'
 * gateway tokens: the `security` log records them), so the dashboard shows user actions such as POST /api/trades.
 */
export const IGNORED_URLS = [/\/v1\/traces/, /\/api-health/, /\/api\/trades\?/, /\/api\/positions/, /\/api\/market\//, /\/api\/instruments/, /\/auth\/token/];

/**
 * The web SDK's sampler for the setting (the SDK reads OTEL_TRACES_SAMPLER itself only on Node, where there is an
 * environment; in the page the setting comes compiled in).
 */
export function createSampler({ name, ratio }: SamplerConfig): Sampler {
  const root = name.endsWith('always_off') ? new AlwaysOffSampler()
    : name.endsWith('traceidratio') ? new TraceIdRatioBasedSampler(ratio) : new AlwaysOnSampler();
  return name.startsWith('parentbased_') ? new ParentBasedSampler({ root }) : root;
}

const tracer = () => trace.getTracer('trading-ui');

/**
 * Starts browser tracing when the build was given an OTLP endpoint: spans go as OTLP/HTTP protobuf to
 * `<endpoint>/v1/traces` with the API-key header, sampled as OTEL_TRACES_SAMPLER(_ARG) say; same-origin fetches
 * (/api/*) carry W3C `traceparent`.
 * Returns the config in use, or null when telemetry is off.
 */
export function startTelemetry(): TelemetryConfig | null {
  const config = telemetryConfig(typeof __OTEL__ === 'undefined' ? {} : __OTEL__);
  if (!config) return null;
  const provider = new WebTracerProvider({
    resource: resourceFromAttributes({ ...config.resourceAttributes, 'service.name': config.serviceName }),
    sampler: createSampler(config.sampler),
    spanProcessors: [new BatchSpanProcessor(new OTLPTraceExporter({ url: config.tracesUrl, headers: config.headers }))],
  });
  provider.register();
  registerInstrumentations({
    instrumentations: [new FetchInstrumentation({ ignoreUrls: IGNORED_URLS })],
  });
  return config;
}

/**
 * Runs `work` inside a span named `name` (the fetch it starts synchronously is its child and carries `traceparent`).
 * Without telemetry the tracer is a no-op and `work` runs as is.
 */
export async function inSpan<T>(name: string, attributes: Record<string, string | number>, work: (span: Span) => Promise<T>): Promise<T> {
  const span = tracer().startSpan(name, { attributes });
  try {
    return await context.with(trace.setSpan(context.active(), span), () => work(span));
  } catch (error) {
    span.recordException(error as Error);
    span.setStatus({ code: SpanStatusCode.ERROR, message: (error as Error).message });
    throw error;
  } finally {
    span.end();
  }
}
