import { defineConfig, type ProxyOptions } from 'vite';

// The AppHost injects the URLs of the services this UI references (service discovery, as Aspire names them).
const env = process.env;
const tradingApi = env['services__trading-api__http__0'] ?? env.TRADING_API_HTTP ?? 'http://127.0.0.1:8000';
const gateway = env['services__gateway__http__0'] ?? env.GATEWAY_HTTP ?? 'http://127.0.0.1:3000';
const port = Number(env.PORT ?? 5173);

// The same paths work in development (vite) and production (vite preview serving dist/):
//   /api/*      → trading-api (with the session's bearer token)
//   /auth/token → trading-api's token endpoint (login, renewal, the WebSockets' gateway token)
//   /api-health → trading-api /health
//   /ws/*       → gateway WebSockets (market ticks, executions; ?access_token=)
// X-Forwarded-For carries the browser's address to trading-api's security log: set to the peer's address, not appended
// to (as xfwd does) a header the browser sent, which would let it forge its address in that log.
const forwardFor: ProxyOptions['configure'] = proxy =>
  proxy.on('proxyReq', (request, incoming) => request.setHeader('X-Forwarded-For', incoming.socket.remoteAddress ?? ''));
const proxy = {
  '/api-health': { target: tradingApi, changeOrigin: true, rewrite: () => '/health' },
  '/api': { target: tradingApi, changeOrigin: true, configure: forwardFor },
  '/auth': { target: tradingApi, changeOrigin: true, configure: forwardFor },
  '/ws': { target: gateway.replace(/^http/, 'ws'), ws: true, changeOrigin: true },
};

// Browser telemetry: the dashboard's OTLP/HTTP endpoint and API key and the trace sampler, as the AppHost gives them to
// this process. They are compiled into the client (src/lib/telemetry.ts); no endpoint → telemetry off. The key is a
// dev-time dashboard key the browser must send anyway (the dashboard checks it on every OTLP request).
const otel = {
  endpoint: env.OTEL_EXPORTER_OTLP_ENDPOINT ?? '',
  headers: env.OTEL_EXPORTER_OTLP_HEADERS ?? '',
  serviceName: env.OTEL_SERVICE_NAME ?? 'trading-ui',
  resourceAttributes: env.OTEL_RESOURCE_ATTRIBUTES ?? '',
  sampler: env.OTEL_TRACES_SAMPLER ?? '',
  samplerArg: env.OTEL_TRACES_SAMPLER_ARG ?? '',
};

// The login form's initial values: the AppHost sets them in the Development profile only (its generated trader), so
// F5 is one click from a working UI; elsewhere the form starts empty.
const login = { username: env.TRADING_UI_LOGIN_USERNAME ?? '', password: env.TRADING_UI_LOGIN_PASSWORD ?? '' };

export default defineConfig({
  esbuild: { jsx: 'automatic' },
  define: { __OTEL__: JSON.stringify(otel), __LOGIN__: JSON.stringify(login) },
  server: { host: '127.0.0.1', port, strictPort: true, proxy },
  preview: { host: '127.0.0.1', port, strictPort: true, proxy },
  test: { environment: 'node', include: ['src/**/*.test.ts'] },
});
