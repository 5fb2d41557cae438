/**
 * Browser telemetry settings, from what vite.config.ts passes to the client (the AppHost's OTEL_EXPORTER_OTLP_*
 * environment of the Vite process). No endpoint → telemetry is off.
 */
export interface TelemetryConfig { tracesUrl: string; headers: Record<string, string>; serviceName: string; resourceAttributes: Record<string, string> }

/** What the build saw (strings as in the environment; empty when unset). */
export interface TelemetryEnv { endpoint?: string; headers?: string; serviceName?: string; resourceAttributes?: string }

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

/** The exporter settings, or null (telemetry off) when no endpoint was given. The traces path is `<endpoint>/v1/traces`. */
export function telemetryConfig(env: TelemetryEnv): TelemetryConfig | null {
  const endpoint = env.endpoint?.trim();
  if (!endpoint) return null;
  return {
    tracesUrl: `${endpoint.replace(/\/+$/, '')}/v1/traces`,
    headers: parseKeyValueList(env.headers),
    serviceName: env.serviceName?.trim() || 'trading-ui',
    resourceAttributes: parseKeyValueList(env.resourceAttributes),
  };
}
