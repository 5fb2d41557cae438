import { describe, expect, it, vi } from 'vitest';
import { parseKeyValueList, samplerConfig, telemetryConfig } from './telemetryConfig';

describe('telemetry config', () => {
  it('is off without an endpoint', () => {
    expect(telemetryConfig({})).toBeNull();
    expect(telemetryConfig({ endpoint: '  ', headers: 'x-otlp-api-key=k' })).toBeNull();
  });
  it('posts traces to <endpoint>/v1/traces with the API key header', () => {
    expect(telemetryConfig({ endpoint: 'http://localhost:18890/', headers: 'x-otlp-api-key=abc123', serviceName: 'trading-ui' })).toEqual({
      tracesUrl: 'http://localhost:18890/v1/traces', headers: { 'x-otlp-api-key': 'abc123' }, serviceName: 'trading-ui', resourceAttributes: {},
      sampler: { name: 'parentbased_always_on', ratio: 1 },
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

describe('trace sampler (OTEL_TRACES_SAMPLER, OTEL_TRACES_SAMPLER_ARG)', () => {
  const read = (sampler?: string, arg?: string) => {
    const warn = vi.fn();
    return { config: samplerConfig(sampler, arg, warn), warnings: warn.mock.calls.map(([message]) => message as string) };
  };
  it('defaults to parentbased_always_on without a warning', () => {
    expect(read()).toEqual({ config: { name: 'parentbased_always_on', ratio: 1 }, warnings: [] });
    expect(read(' ', '0.5')).toEqual({ config: { name: 'parentbased_always_on', ratio: 1 }, warnings: [] });
  });
  it('takes every sampler of the spec, names case-insensitive, the ratio only for the ratio samplers', () => {
    for (const name of ['always_on', 'always_off', 'parentbased_always_on', 'parentbased_always_off'] as const) {
      expect(read(name, '0.25')).toEqual({ config: { name, ratio: 1 }, warnings: [] });
    }
    expect(read('traceidratio', '0.25')).toEqual({ config: { name: 'traceidratio', ratio: 0.25 }, warnings: [] });
    expect(read(' ParentBased_TraceIdRatio ', ' 0 ')).toEqual({ config: { name: 'parentbased_traceidratio', ratio: 0 }, warnings: [] });
    expect(read('parentbased_traceidratio')).toEqual({ config: { name: 'parentbased_traceidratio', ratio: 1 }, warnings: [] });
  });
  it('warns once and uses parentbased_always_on for an unknown sampler', () => {
    const { config, warnings } = read('jaeger_remote', '0.1');
    expect(config).toEqual({ name: 'parentbased_always_on', ratio: 1 });
    expect(warnings).toHaveLength(1);
    expect(warnings[0]).toContain('OTEL_TRACES_SAMPLER="jaeger_remote" is not a supported sampler');
  });
  it('warns once and uses 1.0 for a ratio that is not a number from 0 to 1', () => {
    for (const arg of ['1.5', '-0.1', 'half', '0.1x', 'NaN', 'Infinity']) {
      const { config, warnings } = read('traceidratio', arg);
      expect(config).toEqual({ name: 'traceidratio', ratio: 1 });
      expect(warnings).toEqual([`OTEL_TRACES_SAMPLER_ARG="${arg}" is not a ratio from 0 to 1 (e.g. 0.1 keeps one trace in ten); using 1.0.`]);
    }
  });
  it('reaches the config with its warning (what the page logs to the console)', () => {
    const warn = vi.fn();
    expect(telemetryConfig({ endpoint: 'http://h:1', sampler: 'parentbased_traceidratio', samplerArg: '0.1' }, warn)?.sampler)
      .toEqual({ name: 'parentbased_traceidratio', ratio: 0.1 });
    expect(telemetryConfig({ endpoint: 'http://h:1', sampler: 'sometimes' }, warn)?.sampler).toEqual({ name: 'parentbased_always_on', ratio: 1 });
    expect(warn).toHaveBeenCalledTimes(1);
  });
});

describe('the build (vite.config.ts)', () => {
  it('compiles the Vite process OTEL_TRACES_SAMPLER and OTEL_TRACES_SAMPLER_ARG into the client', async () => {
    vi.stubEnv('OTEL_TRACES_SAMPLER', 'parentbased_traceidratio');
    vi.stubEnv('OTEL_TRACES_SAMPLER_ARG', '0.1');
    try {
      vi.resetModules();
      const { default: config } = await import('../../vite.config');
      expect(JSON.parse(config.define!.__OTEL__)).toMatchObject({ sampler: 'parentbased_traceidratio', samplerArg: '0.1' });
    } finally {
      vi.unstubAllEnvs();
    }
  });
});
