// Layout test: the built UI (vite preview) against a mock backend, in Debian's Chromium at 1366×768 and 1920×1080.
// Asserts that the chart, ticket, positions, blotter and health panel are inside the viewport, the page does not
// scroll, the blotter scrolls inside its panel, pages older orders and keeps at most 200 rows in the DOM.
// Run: npm run build && node tests/layout.spec.mjs   (screenshots in artifacts/)
import { spawn } from 'node:child_process';
import { existsSync, mkdirSync } from 'node:fs';
import { createServer } from 'node:net';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { chromium } from 'playwright-core';
import { startMockBackend } from './mockBackend.mjs';

const root = join(dirname(fileURLToPath(import.meta.url)), '..');
const artifacts = join(root, 'artifacts');
const SIZES = [{ width: 1366, height: 768 }, { width: 1920, height: 1080 }];
const PANELS = ['chart', 'ticket', 'positions', 'blotter', 'health', 'connection-market', 'connection-executions', 'connection-api'];
const MAX_ROWS = 200;

const executable = ['/usr/lib/chromium/chromium', '/usr/bin/chromium'].find(existsSync);
if (!executable) throw new Error('Chromium not found at /usr/lib/chromium/chromium or /usr/bin/chromium; install it: apt-get install -y chromium');
if (!existsSync(join(root, 'dist', 'index.html'))) throw new Error('dist/ is missing; run `npm run build` first');

const freePort = () => new Promise((resolve, reject) => {
  const s = createServer().listen(0, '127.0.0.1', () => { const { port } = s.address(); s.close(() => resolve(port)); }).on('error', reject);
});

/** Polls `check` until it returns a truthy value or the deadline passes (then throws with `what`). */
async function until(what, check, timeoutMs = 15_000) {
  const deadline = Date.now() + timeoutMs;
  let last;
  while (Date.now() < deadline) {
    try { last = await check(); if (last) return last; } catch (error) { last = error; }
    await new Promise((r) => setTimeout(r, 100));
  }
  throw new Error(`timed out waiting for ${what} (last: ${last instanceof Error ? last.message : JSON.stringify(last)})`);
}

const failures = [];
const expect = (ok, message) => { if (!ok) failures.push(message); console.log(`${ok ? 'ok  ' : 'FAIL'} ${message}`); };

const backend = await startMockBackend({ orders: 500 });
const port = await freePort();
const preview = spawn(join(root, 'node_modules', '.bin', 'vite'), ['preview'], {
  cwd: root, stdio: ['ignore', 'pipe', 'pipe'],
  env: { ...process.env, PORT: String(port), 'services__trading-api__http__0': backend.url, 'services__gateway__http__0': backend.url },
});
let previewLog = '';
preview.stdout.on('data', (d) => { previewLog += d; });
preview.stderr.on('data', (d) => { previewLog += d; });
const base = `http://127.0.0.1:${port}`;
let browser;
try {
  await until(`vite preview on ${base}\n${previewLog}`, async () => (await fetch(base)).ok);
  browser = await chromium.launch({ executablePath: executable, args: ['--no-sandbox', '--disable-gpu', '--headless'] });
  mkdirSync(artifacts, { recursive: true });

  for (const size of SIZES) {
    const tag = `${size.width}x${size.height}`;
    const page = await browser.newPage({ viewport: size });
    const errors = [];
    page.on('pageerror', (e) => errors.push(e.message));
    await page.goto(base);
    await until(`${tag}: first page of orders`, async () => (await page.locator('[data-testid=trade-row]').count()) >= 50);
    for (const stream of ['market', 'executions', 'api']) {
      await until(`${tag}: ${stream} live`, async () => (await page.getByTestId(`connection-${stream}`).getAttribute('data-state')) === 'live');
    }
    await until(`${tag}: positions`, async () => (await page.getByTestId('position-ETHUSDT').count()) === 1);

    // Page older orders by scrolling the blotter to its end until paging stops; the DOM stays bounded.
    const scroller = page.getByTestId('blotter-scroll');
    for (let i = 0; i < 12; i++) {
      const before = await page.locator('[data-testid=trade-row]').count();
      await scroller.evaluate((el) => { el.scrollTop = el.scrollHeight; });
      const older = await page.getByTestId('blotter-older').textContent();
      if (older?.includes('No older orders')) break;
      await until(`${tag}: older page after ${before} rows`, async () => {
        const text = await page.getByTestId('blotter-older').textContent();
        const count = await page.locator('[data-testid=trade-row]').count();
        return !text?.includes('Loading') && (count !== before || (await page.getByTestId('blotter-newest').count()) > 0);
      });
    }
    const rows = await page.locator('[data-testid=trade-row]').count();
    expect(rows <= MAX_ROWS && rows >= 150, `${tag}: blotter keeps a bounded number of rows in the DOM (${rows}, at most ${MAX_ROWS})`);
    const pagedRequests = backend.requests.filter((r) => r.includes('before=')).length;
    expect(pagedRequests >= 3, `${tag}: older orders were paged with before= (${pagedRequests} requests so far)`);
    expect(await page.getByTestId('blotter-newest').isVisible(), `${tag}: "back to newest" offered after paging past the bound`);
    await page.getByTestId('blotter-newest').click();
    await until(`${tag}: back to newest`, async () => (await page.getByTestId('blotter-newest').count()) === 0);
    await scroller.evaluate((el) => { el.scrollTop = 0; });

    const rejected = page.locator('[data-testid=trade-row][data-status=rejected] [data-testid=trade-reason]').first();
    expect(((await rejected.textContent()) ?? '').includes('insufficient liquidity'), `${tag}: a rejected order shows its reason`);

    for (const id of PANELS) {
      const box = await page.getByTestId(id).boundingBox();
      const inside = box !== null && box.x >= 0 && box.y >= 0 && box.x + box.width <= size.width + 0.5 && box.y + box.height <= size.height + 0.5;
      expect(inside, `${tag}: ${id} inside the viewport ${box ? `(${Math.round(box.x)},${Math.round(box.y)} ${Math.round(box.width)}×${Math.round(box.height)})` : '(missing)'}`);
    }
    const scroll = await page.evaluate(() => ({ h: document.documentElement.scrollHeight, w: document.documentElement.scrollWidth, vh: innerHeight, vw: innerWidth }));
    expect(scroll.h <= scroll.vh && scroll.w <= scroll.vw, `${tag}: the page does not scroll (content ${scroll.w}×${scroll.h}, viewport ${scroll.vw}×${scroll.vh})`);
    const blotterScrolls = await scroller.evaluate((el) => el.scrollHeight > el.clientHeight);
    expect(blotterScrolls, `${tag}: the blotter scrolls inside its panel`);
    const chart = await page.getByTestId('chart').boundingBox();
    const canvas = await page.locator('[data-testid=chart] canvas').first().boundingBox();
    expect(canvas !== null && chart !== null && canvas.height > chart.height * 0.6 && canvas.width > chart.width * 0.9,
      `${tag}: the chart fills its panel (canvas ${canvas ? `${Math.round(canvas.width)}×${Math.round(canvas.height)}` : 'missing'} in ${chart ? `${Math.round(chart.width)}×${Math.round(chart.height)}` : 'missing'})`);
    const selectBackground = await page.getByTestId('chart-symbol').evaluate((el) => getComputedStyle(el).backgroundColor);
    expect(selectBackground !== 'rgb(255, 255, 255)', `${tag}: the symbol selector is dark (${selectBackground})`);
    expect(errors.length === 0, `${tag}: no page errors ${errors.join('; ')}`);
    await page.screenshot({ path: join(artifacts, `layout-${tag}.png`) });
    await page.close();
  }
} finally {
  await browser?.close();
  preview.kill('SIGTERM');
  await backend.close();
}
if (failures.length > 0) {
  console.error(`\n${failures.length} layout check(s) failed`);
  process.exit(1);
}
console.log('\nlayout checks passed; screenshots in artifacts/');
