import { defineConfig } from 'vite';

// The AppHost injects the URLs of the services this UI references (service discovery, as Aspire names them).
const env = process.env;
const tradingApi = env['services__trading-api__http__0'] ?? env.TRADING_API_HTTP ?? 'http://127.0.0.1:8000';
const gateway = env['services__gateway__http__0'] ?? env.GATEWAY_HTTP ?? 'http://127.0.0.1:3000';
const port = Number(env.PORT ?? 5173);

// The same paths work in development (vite) and production (vite preview serving dist/):
//   /api/*      → trading-api
//   /api-health → trading-api /health
//   /ws/*       → gateway WebSockets (market ticks, executions)
const proxy = {
  '/api-health': { target: tradingApi, changeOrigin: true, rewrite: () => '/health' },
  '/api': { target: tradingApi, changeOrigin: true },
  '/ws': { target: gateway.replace(/^http/, 'ws'), ws: true, changeOrigin: true },
};

// Browser telemetry: the dashboard's OTLP/HTTP endpoint and API key, as the AppHost gives them to this process.
// They are compiled into the client (src/lib/telemetry.ts); no endpoint → telemetry off. The key is a dev-time
// dashboard key the browser must send anyway (the dashboard checks it on every OTLP request).
const otel = {
  endpoint: env.OTEL_EXPORTER_OTLP_ENDPOINT ?? '',
  headers: env.OTEL_EXPORTER_OTLP_HEADERS ?? '',
  serviceName: env.OTEL_SERVICE_NAME ?? 'trading-ui',
  resourceAttributes: env.OTEL_RESOURCE_ATTRIBUTES ?? '',
};

export default defineConfig({
  esbuild: { jsx: 'automatic' },
  define: { __OTEL__: JSON.stringify(otel) },
  server: { host: '127.0.0.1', port, strictPort: true, proxy },
  preview: { host: '127.0.0.1', port, strictPort: true, proxy },
  test: { environment: 'node', include: ['src/**/*.test.ts'] },
});
