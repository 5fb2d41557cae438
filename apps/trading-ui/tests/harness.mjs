// Shared by the browser scripts: free ports, polling with a deadline, vite preview, Debian's Chromium.
import { spawn } from 'node:child_process';
import { existsSync } from 'node:fs';
import { createServer } from 'node:net';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { chromium } from 'playwright-core';

export const root = join(dirname(fileURLToPath(import.meta.url)), '..');

export const freePort = () => new Promise((resolve, reject) => {
  const s = createServer().listen(0, '127.0.0.1', () => { const { port } = s.address(); s.close(() => resolve(port)); }).on('error', reject);
});

/** Polls `check` until it returns a truthy value or the deadline passes (then throws naming `what` and the last result). */
export async function until(what, check, timeoutMs = 15_000) {
  const deadline = Date.now() + timeoutMs;
  let last;
  while (Date.now() < deadline) {
    try { last = await check(); if (last) return last; } catch (error) { last = error; }
    await new Promise((r) => setTimeout(r, 100));
  }
  throw new Error(`timed out waiting for ${what} (last: ${last instanceof Error ? last.message : JSON.stringify(last)})`);
}

/** Runs `vite build` with extra environment (e.g. OTEL_*) into `outDir`; rejects with the output on failure. */
export function build(env, outDir) {
  return new Promise((resolve, reject) => {
    const child = spawn(join(root, 'node_modules', '.bin', 'vite'), ['build', '--outDir', outDir, '--emptyOutDir', '--logLevel', 'warn'],
      { cwd: root, env: { ...process.env, ...env }, stdio: ['ignore', 'pipe', 'pipe'] });
    let output = '';
    child.stdout.on('data', (d) => { output += d; });
    child.stderr.on('data', (d) => { output += d; });
    child.on('exit', (code) => (code === 0 ? resolve() : reject(new Error(`vite build failed (${code}):\n${output}`))));
  });
}

/** Starts `vite preview` of `outDir` with trading-api and the gateway at `backendUrl`; resolves once it answers. */
export async function startPreview(backendUrl, outDir = 'dist') {
  if (!existsSync(join(root, outDir, 'index.html'))) throw new Error(`${outDir}/ is missing; run \`npm run build\` first`);
  const port = await freePort();
  const child = spawn(join(root, 'node_modules', '.bin', 'vite'), ['preview', '--outDir', outDir], {
    cwd: root, stdio: ['ignore', 'pipe', 'pipe'],
    env: { ...process.env, PORT: String(port), 'services__trading-api__http__0': backendUrl, 'services__gateway__http__0': backendUrl },
  });
  let log = '';
  child.stdout.on('data', (d) => { log += d; });
  child.stderr.on('data', (d) => { log += d; });
  const url = `http://127.0.0.1:${port}`;
  await until(`vite preview on ${url}`, async () => (await fetch(url)).ok).catch((e) => { child.kill('SIGTERM'); throw new Error(`${e.message}\n${log}`); });
  return { url, stop: () => child.kill('SIGTERM') };
}

/** Debian's Chromium through playwright-core (Playwright's own browser download is not used). */
/** Logs in on the login form (the mock backend accepts any password) and waits for the trading screen. */
export async function logIn(page) {
  await page.getByTestId('login-password').fill('mock-password');
  await page.getByTestId('login-submit').click();
  await until('the login closed', async () => (await page.getByTestId('login').count()) === 0);
}

export function launchChromium() {
  const executablePath = ['/usr/lib/chromium/chromium', '/usr/bin/chromium'].find(existsSync);
  if (!executablePath) throw new Error('Chromium not found at /usr/lib/chromium/chromium or /usr/bin/chromium; install it: apt-get install -y chromium');
  return chromium.launch({ executablePath, args: ['--no-sandbox', '--disable-gpu', '--headless'] });
}

/** Collects check results; `report()` exits non-zero when any failed. */
export function checks() {
  const failures = [];
  return {
    expect: (ok, message) => { if (!ok) failures.push(message); console.log(`${ok ? 'ok  ' : 'FAIL'} ${message}`); },
    report: (done) => {
      if (failures.length > 0) { console.error(`\n${failures.length} check(s) failed`); process.exit(1); }
      console.log(`\n${done}`);
    },
  };
}
