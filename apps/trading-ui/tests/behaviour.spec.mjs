// Browser behaviour against a mock backend: (1) a click on Buy sends the order with a W3C traceparent and exports the
// "submit order" span as OTLP/HTTP protobuf with the API key to the endpoint given at build time; a rejection shows
// its reason; (2) after an outage
// of the gateway and trading-api every stream shows "reconnecting in N s", then "live" again by itself.
// Run: node tests/behaviour.spec.mjs   (builds its own copy of the UI into dist-telemetry/)
import { mkdirSync } from 'node:fs';
import { join } from 'node:path';
import { build, checks, launchChromium, logIn, root, startPreview, until } from './harness.mjs';
import { startMockBackend } from './mockBackend.mjs';

const { expect, report } = checks();
const backend = await startMockBackend({ orders: 60 });
await build({ OTEL_EXPORTER_OTLP_ENDPOINT: backend.url, OTEL_EXPORTER_OTLP_HEADERS: 'x-otlp-api-key=test-key', OTEL_SERVICE_NAME: 'trading-ui' }, 'dist-telemetry');
let preview;
let browser;
try {
  preview = await startPreview(backend.url, 'dist-telemetry');
  browser = await launchChromium();
  const page = await browser.newPage({ viewport: { width: 1366, height: 768 } });
  await page.goto(preview.url);
  await logIn(page);
  await until('the API stream live', async () => (await page.getByTestId('connection-api').getAttribute('data-state')) === 'live');

  // 1. One order, one trace: traceparent on the POST, the span exported as protobuf.
  await page.getByTestId('ticket-quantity').fill('0.02');
  await page.getByTestId('ticket-submit').click();
  const order = await until('POST /api/trades', () => backend.posts.find((p) => p.path === '/api/trades'));
  const traceparent = order.headers.traceparent ?? '';
  expect(/^00-[0-9a-f]{32}-[0-9a-f]{16}-0[01]$/.test(traceparent), `the order carries a W3C traceparent (${traceparent || 'none'})`);
  await until('the ticket result', async () => ((await page.getByTestId('ticket-result').textContent()) ?? '').includes('buy 0.02 BTCUSDT: filled'));
  const traceId = Buffer.from(traceparent.split('-')[1] ?? '', 'hex');
  const exported = await until('an OTLP export with the order trace', () => backend.posts.find((p) => p.path === '/v1/traces' && traceId.length === 16 && p.body.includes(traceId)), 20_000);
  expect(exported.headers['content-type'] === 'application/x-protobuf', `OTLP/HTTP protobuf (${exported.headers['content-type']})`);
  expect(exported.headers['x-otlp-api-key'] === 'test-key', 'the dashboard API key header is sent');
  expect(exported.body.includes(Buffer.from('submit order')), 'the export holds the "submit order" span');
  expect(exported.body.includes(Buffer.from('trading-ui')), 'service.name trading-ui is in the resource');
  const pollsTraced = backend.traced.filter((r) => r !== 'POST /api/trades');
  expect(pollsTraced.length === 0, `background polling carries no traceparent (${pollsTraced.slice(0, 3).join(', ') || 'none'})`);

  // A rejection by the gateway says so, with the reason next to the field.
  await page.getByTestId('ticket-quantity').fill('500');
  await page.getByTestId('ticket-submit').click();
  await until('the rejection', async () => (await page.getByTestId('error-form').count()) === 1);
  const rejection = `${await page.getByTestId('error-form').textContent()} | ${await page.getByTestId('error-quantity').textContent()}`;
  expect(rejection.startsWith('Rejected (risk_rejected): The order breaks a risk limit.') && rejection.includes('exceeds the limit'), `a rejected order shows why (${rejection})`);

  // 2. Outage and recovery.
  backend.outage(4000);
  backend.addOrder('during-outage');
  await until('market reconnecting with a countdown', async () => /reconnecting in \d+ s/.test((await page.getByTestId('connection-market').textContent()) ?? ''));
  await until('API reconnecting', async () => (await page.getByTestId('connection-api').getAttribute('data-state')) === 'reconnecting');
  mkdirSync(join(root, 'artifacts'), { recursive: true });
  await page.screenshot({ path: join(root, 'artifacts', 'reconnecting-1366x768.png') });
  for (const stream of ['market', 'executions', 'api']) {
    await until(`${stream} live again`, async () => (await page.getByTestId(`connection-${stream}`).getAttribute('data-state')) === 'live', 30_000);
  }
  expect(true, 'every stream reconnected by itself after the outage');
  await until('the order placed during the outage in the blotter', async () => (await page.locator('[data-testid=trade-row][data-client-order-id=during-outage]').count()) === 1);
  expect(true, 'the blotter filled the gap with the order placed during the outage');
  const historyCalls = backend.requests.filter((r) => r.startsWith('/api/market/BTCUSDT/history')).length;
  expect(historyCalls >= 2, `the chart history was refetched after the reconnect (${historyCalls} requests)`);
} finally {
  await browser?.close();
  preview?.stop();
  await backend.close();
}
report('behaviour checks passed');
