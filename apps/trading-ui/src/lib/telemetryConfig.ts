/**
 * Browser telemetry settings, from what vite.config.ts passes to the client (the AppHost's OTEL_EXPORTER_OTLP_*
 * environment of the Vite process). No endpoint → telemetry is off.
 */
export interface TelemetryConfig {
  tracesUrl: string; headers: Record<string, string>; serviceName: string; resourceAttributes: Record<string, string>;
  sampler: SamplerConfig;
}

/** What the build saw (strings as in the environment; empty when unset). */
export interface TelemetryEnv {
  endpoint?: string; headers?: string; serviceName?: string; resourceAttributes?: string; sampler?: string; samplerArg?: string;
}

/** The OTEL_TRACES_SAMPLER values the browser supports (the OpenTelemetry spec's built-in samplers). */
export const SAMPLERS = ['always_on', 'always_off', 'traceidratio', 'parentbased_always_on', 'parentbased_always_off', 'parentbased_traceidratio'] as const;
export type SamplerName = (typeof SAMPLERS)[number];
/** The sampler and, for the ratio samplers, the share of root traces kept (0 to 1). */
export interface SamplerConfig { name: SamplerName; ratio: number }

/**
 * OTEL_TRACES_SAMPLER / OTEL_TRACES_SAMPLER_ARG as the OpenTelemetry spec reads them: unset → parentbased_always_on;
 * names case-insensitive; an unknown name → a warning and parentbased_always_on; the ratio samplers' argument unset →
 * 1.0, not a number from 0 to 1 → a warning and 1.0; the argument of the other samplers is ignored.
 */
export function samplerConfig(sampler: string | undefined, arg: string | undefined, warn: (message: string) => void = console.warn): SamplerConfig {
  const given = (sampler ?? '').trim().toLowerCase();
  let name: SamplerName = 'parentbased_always_on';
  if ((SAMPLERS as readonly string[]).includes(given)) name = given as SamplerName;
  else if (given !== '') warn(`OTEL_TRACES_SAMPLER="${sampler}" is not a supported sampler (expected one of ${SAMPLERS.join(', ')}); using parentbased_always_on.`);
  const argument = (arg ?? '').trim();
  if (!name.endsWith('traceidratio') || argument === '') return { name, ratio: 1 };
  const ratio = Number(argument);
  if (Number.isFinite(ratio) && ratio >= 0 && ratio <= 1) return { name, ratio };
  warn(`OTEL_TRACES_SAMPLER_ARG="${arg}" is not a ratio from 0 to 1 (e.g. 0.1 keeps one trace in ten); using 1.0.`);
  return { name, ratio: 1 };
}

/**
 * Parses the OTel list form `key1=value1,key2=value2` (OTEL_EXPORTER_OTLP_HEADERS, OTEL_RESOURCE_ATTRIBUTES):
 * values are URL-decoded, blanks trimmed, entries without `=` or with an empty key are skipped.
 */
export function parseKeyValueList(text: string | undefined): Record<string, string> {
  const result: Record<string, string> = {};
  for (const entry of (text ?? '').split(',')) {
    const at = entry.indexOf('=');
    if (at <= 0) continue;
    const key = entry.slice(0, at).trim();
    if (key === '') continue;
    const raw = entry.slice(at + 1).trim();
    let value = raw;
    try { value = decodeURIComponent(raw); } catch { /* keep as written */ }
    result[key] = value;
  }
  return result;
}

/**
 * The exporter settings, or null (telemetry off) when no endpoint was given. The traces path is `<endpoint>/v1/traces`.
 * A bad sampler setting is reported through `warn` (once per call; the page calls this once).
 */
export function telemetryConfig(env: TelemetryEnv, warn: (message: string) => void = console.warn): TelemetryConfig | null {
  const endpoint = env.endpoint?.trim();
  if (!endpoint) return null;
  return {
    tracesUrl: `${endpoint.replace(/\/+$/, '')}/v1/traces`,
    headers: parseKeyValueList(env.headers),
    serviceName: env.serviceName?.trim() || 'trading-ui',
    resourceAttributes: parseKeyValueList(env.resourceAttributes),
    sampler: samplerConfig(env.sampler, env.samplerArg, warn),
  };
}
