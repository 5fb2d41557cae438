import { describe, expect, it } from 'vitest';
import { parseKeyValueList, telemetryConfig } from './telemetryConfig';

describe('telemetry config', () => {
  it('is off without an endpoint', () => {
    expect(telemetryConfig({})).toBeNull();
    expect(telemetryConfig({ endpoint: '  ', headers: 'x-otlp-api-key=k' })).toBeNull();
  });
  it('posts traces to <endpoint>/v1/traces with the API key header', () => {
    expect(telemetryConfig({ endpoint: 'http://localhost:18890/', headers: 'x-otlp-api-key=abc123', serviceName: 'trading-ui' })).toEqual({
      tracesUrl: 'http://localhost:18890/v1/traces', headers: { 'x-otlp-api-key': 'abc123' }, serviceName: 'trading-ui', resourceAttributes: {},
    });
  });
  it('defaults the service name to trading-ui', () => {
    expect(telemetryConfig({ endpoint: 'http://h:1' })?.serviceName).toBe('trading-ui');
  });
  it('parses the OTel key=value list: several entries, blanks, URL-encoding, "=" inside values, junk skipped', () => {
    expect(parseKeyValueList(' a = 1 ,b=x%20y,, c=k=v ,novalue,=nokey')).toEqual({ a: '1', b: 'x y', c: 'k=v' });
    expect(parseKeyValueList(undefined)).toEqual({});
  });
  it('reads resource attributes', () => {
    expect(telemetryConfig({ endpoint: 'http://h:1', resourceAttributes: 'service.instance.id=ui-1' })?.resourceAttributes).toEqual({ 'service.instance.id': 'ui-1' });
  });
});
