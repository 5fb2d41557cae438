import { defineConfig } from 'vite';

// The AppHost injects the URLs of the services this UI references (service discovery, as Aspire names them).
const tradingApi = process.env['services__trading-api__http__0'] ?? process.env.TRADING_API_HTTP ?? 'http://127.0.0.1:8000';
const gateway = process.env['services__gateway__http__0'] ?? process.env.GATEWAY_HTTP ?? 'http://127.0.0.1:3000';
const port = Number(process.env.PORT ?? 5173);

// The same paths work in development (vite) and production (vite preview serving dist/):
//   /api/*      → trading-api
//   /api-health → trading-api /health
//   /ws/*       → gateway WebSockets (market ticks, executions)
const proxy = {
  '/api-health': { target: tradingApi, changeOrigin: true, rewrite: () => '/health' },
  '/api': { target: tradingApi, changeOrigin: true },
  '/ws': { target: gateway.replace(/^http/, 'ws'), ws: true, changeOrigin: true },
};

export default defineConfig({
  esbuild: { jsx: 'automatic' },
  server: { host: '127.0.0.1', port, strictPort: true, proxy },
  preview: { host: '127.0.0.1', port, strictPort: true, proxy },
  test: { environment: 'node', include: ['src/**/*.test.ts'] },
});
