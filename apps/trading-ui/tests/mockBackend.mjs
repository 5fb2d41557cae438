// A tiny stand-in for trading-api and the gateway, for layout tests only (no trading logic): 500 orders, positions,
// price history, /health, and WebSockets that stream ticks. The real system is tested by the .NET browser tests.
import { createServer } from 'node:http';
import { WebSocketServer } from 'ws';

const SYMBOLS = { BTCUSDT: 65000, ETHUSDT: 3200, SOLUSDT: 150 };

/** `count` orders, one every 7 s up to now, newest first; every 25th is rejected with a reason. */
export function makeOrders(count, now = Date.now()) {
  const names = Object.keys(SYMBOLS);
  return Array.from({ length: count }, (_, i) => {
    const symbol = names[i % names.length];
    const rejected = i % 25 === 3;
    return {
      id: `00000000-0000-4000-8000-${String(i).padStart(12, '0')}`, client_order_id: `mock-${i}`, symbol, side: i % 2 ? 'sell' : 'buy',
      type: i % 5 === 0 ? 'limit' : 'market', quantity: 0.01 * (1 + (i % 7)), limit_price: i % 5 === 0 ? SYMBOLS[symbol] * 0.99 : null,
      status: rejected ? 'rejected' : i % 5 === 0 ? 'resting' : 'filled', filled_quantity: rejected ? 0 : 0.01,
      average_price: rejected || i % 5 === 0 ? null : SYMBOLS[symbol] * (1 + (i % 13) / 1000),
      reject_reason: rejected ? 'insufficient liquidity: the simulated book has no ask within 5% of the last price' : null,
      created_at: new Date(now - i * 7000).toISOString(),
    };
  });
}

const CORS = { 'access-control-allow-origin': '*', 'access-control-allow-headers': 'content-type, x-otlp-api-key', 'access-control-allow-methods': 'POST' };

/**
 * Starts the mock on a free port; resolves to { url, close, requests, posts, traced, outage }.
 * `requests`: paths asked for (to assert paging); `traced`: requests that carried a traceparent; `posts`: POST
 * /api/trades and /v1/traces (OTLP) with headers and body; `outage(ms)`: closes the WebSockets and answers 503 /
 * refuses upgrades for `ms`, as a restarting gateway and trading-api would.
 */
export async function startMockBackend({ orders = 500 } = {}) {
  const all = makeOrders(orders);
  const requests = [];
  const posts = [];
  const traced = [];
  let downUntil = 0;
  const json = (res, status, body) => { res.writeHead(status, { 'content-type': 'application/json' }); res.end(JSON.stringify(body)); };
  const server = createServer(async (req, res) => {
    const url = new URL(req.url, 'http://mock');
    requests.push(url.pathname + url.search);
    if (req.headers.traceparent) traced.push(`${req.method} ${url.pathname}${url.search}`);
    if (url.pathname === '/v1/traces') { // the OTLP/HTTP receiver of the dashboard, cross-origin as in Aspire
      if (req.method === 'OPTIONS') { res.writeHead(204, CORS); return res.end(); }
      const chunks = [];
      for await (const chunk of req) chunks.push(chunk);
      posts.push({ path: url.pathname, headers: req.headers, body: Buffer.concat(chunks) });
      res.writeHead(200, { ...CORS, 'content-type': 'application/x-protobuf' });
      return res.end();
    }
    if (Date.now() < downUntil) return json(res, 503, { error: 'unavailable', message: 'mock outage', errors: [] });
    if (url.pathname === '/api/trades' && req.method === 'POST') {
      const chunks = [];
      for await (const chunk of req) chunks.push(chunk);
      const body = JSON.parse(Buffer.concat(chunks).toString());
      posts.push({ path: url.pathname, headers: req.headers, body });
      const order = { ...makeOrders(1)[0], id: `00000000-0000-4000-9000-${String(posts.length).padStart(12, '0')}`, client_order_id: body.client_order_id,
        symbol: body.symbol, side: body.side, type: body.type, quantity: body.quantity, status: 'filled', filled_quantity: body.quantity,
        average_price: SYMBOLS[body.symbol], created_at: new Date().toISOString() };
      all.unshift(order);
      return json(res, 201, order);
    }
    if (url.pathname === '/api/trades' && req.method === 'GET') {
      const limit = Number(url.searchParams.get('limit') ?? 50);
      const before = url.searchParams.get('before');
      const items = (before ? all.filter((o) => o.created_at < before) : all).slice(0, limit);
      return json(res, 200, { items, total: all.length, limit, offset: 0 });
    }
    if (url.pathname === '/api/positions') {
      return json(res, 200, [
        { symbol: 'BTCUSDT', quantity: 0.1234, average_price: 64850.5, realized_pnl: 1234.5, updated_at: new Date().toISOString() },
        { symbol: 'ETHUSDT', quantity: -2.5, average_price: 3210.25, realized_pnl: -88.1, updated_at: new Date().toISOString() },
        { symbol: 'SOLUSDT', quantity: 0, average_price: 0, realized_pnl: 12.75, updated_at: new Date().toISOString() },
      ]);
    }
    const history = url.pathname.match(/^\/api\/market\/(\w+)\/history$/);
    if (history) {
      const base = SYMBOLS[history[1]] ?? 100;
      const n = Number(url.searchParams.get('limit') ?? 500);
      const now = Date.now();
      const ticks = Array.from({ length: n }, (_, i) => ({
        price: base * (1 + 0.004 * Math.sin(i / 40) + 0.001 * Math.sin(i / 3)), timestamp: new Date(now - (n - i) * 250).toISOString(),
      }));
      return json(res, 200, { symbol: history[1], ticks });
    }
    if (url.pathname === '/health') {
      const check = { status: 'healthy', latency_ms: 0.4 };
      return json(res, 200, { status: 'healthy', checks: { postgres: check, redis: check, gateway: check, strategy: check } });
    }
    return json(res, 404, { error: 'not_found', message: `mock has no ${url.pathname}`, errors: [] });
  });

  const wss = new WebSocketServer({ noServer: true });
  server.on('upgrade', (req, socket, head) => Date.now() < downUntil ? socket.destroy() : wss.handleUpgrade(req, socket, head, (ws) => {
    if (!req.url.startsWith('/ws/market')) return; // /ws/executions: open and quiet
    let step = 0;
    const timer = setInterval(() => {
      step += 1;
      for (const [symbol, base] of Object.entries(SYMBOLS)) {
        ws.send(JSON.stringify({ type: 'tick', symbol, price: base * (1 + 0.001 * Math.sin(step / 5)), timestamp: new Date().toISOString() }));
      }
    }, 250);
    ws.on('close', () => clearInterval(timer));
  }));

  await new Promise((resolve) => server.listen(0, '127.0.0.1', resolve));
  const url = `http://127.0.0.1:${server.address().port}`;
  return {
    url, requests, posts, traced,
    /** Stores an order as another client (the strategy) would, without telling the UI. */
    addOrder: (clientOrderId) => all.unshift({ ...makeOrders(1)[0], id: `00000000-0000-4000-a000-${String(all.length).padStart(12, '0')}`, client_order_id: clientOrderId, created_at: new Date().toISOString() }),
    outage: (ms) => { downUntil = Date.now() + ms; for (const c of wss.clients) c.terminate(); },
    close: () => new Promise((resolve) => { for (const c of wss.clients) c.terminate(); server.closeAllConnections?.(); server.close(resolve); }),
  };
}
