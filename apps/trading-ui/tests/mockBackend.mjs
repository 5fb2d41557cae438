// A tiny stand-in for trading-api and the gateway, for layout tests only (no trading logic): 500 orders, positions,
// price history, /health, and WebSockets that stream ticks. The real system is tested by the .NET browser tests.
import { readFileSync } from 'node:fs';
import { createServer } from 'node:http';
import { WebSocketServer } from 'ws';

// GET /api/instruments answers what the gateway answers with its default options (eng/contracts/cross-service.json).
const INSTRUMENTS = JSON.parse(readFileSync(new URL('../../../eng/contracts/cross-service.json', import.meta.url), 'utf-8')).instruments.default_response;

const SYMBOLS = { BTCUSDT: 65000, ETHUSDT: 3200, SOLUSDT: 150 };

/** `count` orders, one every 7 s up to now, newest first (trading-api stores no rejected orders: none here either). */
export function makeOrders(count, now = Date.now()) {
  const names = Object.keys(SYMBOLS);
  return Array.from({ length: count }, (_, i) => {
    const symbol = names[i % names.length];
    const resting = i % 5 === 0;
    const cancelled = i % 25 === 3;
    return {
      id: `00000000-0000-4000-8000-${String(i).padStart(12, '0')}`, client_order_id: `mock-${i}`, symbol, side: i % 2 ? 'sell' : 'buy',
      type: resting || cancelled ? 'limit' : 'market', quantity: 0.01 * (1 + (i % 7)), limit_price: resting || cancelled ? SYMBOLS[symbol] * 0.99 : null,
      status: cancelled ? 'cancelled' : resting ? 'resting' : 'filled', filled_quantity: resting || cancelled ? 0 : 0.01,
      average_price: resting || cancelled ? null : SYMBOLS[symbol] * (1 + (i % 13) / 1000), gateway_order_id: null, reject_reason: null,
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
    if (url.pathname === '/auth/token' && req.method === 'POST') { // any login and any exchange succeed: these are not auth tests
      const chunks = [];
      for await (const chunk of req) chunks.push(chunk);
      const form = new URLSearchParams(Buffer.concat(chunks).toString());
      return json(res, 200, { access_token: `mock-${form.get('audience') ?? 'trading-api'}-token`, token_type: 'Bearer', expires_in: 3600, scope: 'read trade' });
    }
    if (url.pathname === '/api/trades' && req.method === 'POST') {
      const chunks = [];
      for await (const chunk of req) chunks.push(chunk);
      const body = JSON.parse(Buffer.concat(chunks).toString());
      posts.push({ path: url.pathname, headers: req.headers, body });
      if (body.quantity > 100) { // as the gateway's risk check: refused, nothing stored
        return json(res, 422, { error: 'risk_rejected', message: 'The order breaks a risk limit.',
          errors: [{ field: 'quantity', reason: `notional ${body.quantity * SYMBOLS[body.symbol]} exceeds the limit 1000000` }] });
      }
      const order = { ...makeOrders(1)[0], id: `00000000-0000-4000-9000-${String(posts.length).padStart(12, '0')}`, client_order_id: body.client_order_id,
        symbol: body.symbol, side: body.side, type: body.type, quantity: body.quantity, status: 'filled', filled_quantity: body.quantity,
        average_price: SYMBOLS[body.symbol], created_at: new Date().toISOString() };
      all.unshift(order);
      return json(res, 201, order);
    }
    if (url.pathname === '/api/trades' && req.method === 'GET') {
      // As trading-api: newest first, an opaque next_before (null on the last page), 422 for any other before.
      const limit = Number(url.searchParams.get('limit') ?? 50);
      const before = url.searchParams.get('before');
      let start = 0;
      if (before !== null) {
        start = all.findIndex((o) => Buffer.from(o.id).toString('base64url') === before) + 1;
        if (start === 0) {
          return json(res, 422, { error: 'validation_failed', message: 'The query is invalid; see errors.',
            errors: [{ field: 'before', reason: 'must be the next_before value of a previous page, unchanged' }] });
        }
      }
      const items = all.slice(start, start + limit);
      const more = start + limit < all.length;
      return json(res, 200, { items, limit, next_before: more ? Buffer.from(items[items.length - 1].id).toString('base64url') : null });
    }
    if (url.pathname === '/api/instruments') return json(res, 200, INSTRUMENTS);
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
