// Layout test: the built UI (vite preview) against a mock backend, in Debian's Chromium at 1366×768 and 1920×1080.
// Asserts that the chart, ticket, positions, blotter and health panel are inside the viewport, the page does not
// scroll, the blotter scrolls inside its panel, pages older orders (at the first size) and keeps at most 200 rows in the DOM.
// Run: npm run build && node tests/layout.spec.mjs   (screenshots in artifacts/)
import { mkdirSync } from 'node:fs';
import { join } from 'node:path';
import { checks, launchChromium, logIn, root, startPreview, until } from './harness.mjs';
import { startMockBackend } from './mockBackend.mjs';

const artifacts = join(root, 'artifacts');
const SIZES = [{ width: 1366, height: 768 }, { width: 1920, height: 1080 }];
const PANELS = ['chart', 'ticket', 'positions', 'blotter', 'health', 'connection-market', 'connection-executions', 'connection-api'];
const MAX_ROWS = 200;
const { expect, report } = checks();

const backend = await startMockBackend({ orders: 500 });
let preview;
let browser;
try {
  preview = await startPreview(backend.url);
  const base = preview.url;
  browser = await launchChromium();
  mkdirSync(artifacts, { recursive: true });

  for (const size of SIZES) {
    const tag = `${size.width}x${size.height}`;
    const page = await browser.newPage({ viewport: size });
    const errors = [];
    page.on('pageerror', (e) => errors.push(e.message));
    await page.goto(base);
    await logIn(page);
    await until(`${tag}: first page of orders`, async () => (await page.locator('[data-testid=trade-row]').count()) >= 50);
    for (const stream of ['market', 'executions', 'api']) {
      await until(`${tag}: ${stream} live`, async () => (await page.getByTestId(`connection-${stream}`).getAttribute('data-state')) === 'live');
    }
    await until(`${tag}: positions`, async () => (await page.getByTestId('position-ETHUSDT').count()) === 1);

    // Page older orders by scrolling the blotter to its end until paging stops; the DOM stays bounded. At the first
    // size only: paging does not depend on the viewport, and each page past the bound is a walk from the newest (slow).
    const scroller = page.getByTestId('blotter-scroll');
    if (size === SIZES[0]) {
      for (let i = 0; i < 20; i++) {
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
      const oldest = await page.locator('[data-testid=trade-row]').last().getAttribute('data-client-order-id');
      expect(oldest === 'mock-499', `${tag}: paging reached the oldest of the 500 orders (last row ${oldest})`);
      expect(await page.getByTestId('blotter-newest').isVisible(), `${tag}: "back to newest" offered after paging past the bound`);
      await page.getByTestId('blotter-newest').click();
      await until(`${tag}: back to newest`, async () => (await page.getByTestId('blotter-newest').count()) === 0);
      await scroller.evaluate((el) => { el.scrollTop = 0; });
    }

    for (const id of PANELS) {
      const box = await page.getByTestId(id).boundingBox();
      const inside = box !== null && box.x >= 0 && box.y >= 0 && box.x + box.width <= size.width + 0.5 && box.y + box.height <= size.height + 0.5;
      expect(inside, `${tag}: ${id} inside the viewport ${box ? `(${Math.round(box.x)},${Math.round(box.y)} ${Math.round(box.width)}×${Math.round(box.height)})` : '(missing)'}`);
    }
    const scroll = await page.evaluate(() => ({ h: document.documentElement.scrollHeight, w: document.documentElement.scrollWidth, vh: innerHeight, vw: innerWidth }));
    expect(scroll.h <= scroll.vh && scroll.w <= scroll.vw, `${tag}: the page does not scroll (content ${scroll.w}×${scroll.h}, viewport ${scroll.vw}×${scroll.vh})`);
    for (const id of ['positions', 'ticket', 'health', 'blotter']) {
      const overflow = await page.getByTestId(id).evaluate((panel) => [panel, ...panel.querySelectorAll('.scroll')].map((el) => el.scrollWidth - el.clientWidth));
      expect(Math.max(...overflow) <= 0, `${tag}: ${id} has no hidden horizontal overflow (${overflow.join(', ')} px)`);
    }
    const blotterScrolls = await scroller.evaluate((el) => el.scrollHeight > el.clientHeight);
    expect(blotterScrolls, `${tag}: the blotter scrolls inside its panel`);
    const chart = await page.getByTestId('chart').boundingBox();
    // The chart's canvases together (the pane and its price and time scales: the pane alone is narrower by the price
    // scale, whose width follows the price labels).
    const canvas = await page.locator('[data-testid=chart] canvas').evaluateAll((canvases) => {
      const boxes = canvases.map((c) => c.getBoundingClientRect()).filter((b) => b.width > 0 && b.height > 0);
      if (boxes.length === 0) return null;
      const [left, top] = [Math.min(...boxes.map((b) => b.left)), Math.min(...boxes.map((b) => b.top))];
      return { width: Math.max(...boxes.map((b) => b.right)) - left, height: Math.max(...boxes.map((b) => b.bottom)) - top };
    });
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
  preview?.stop();
  await backend.close();
}
report('layout checks passed; screenshots in artifacts/');
