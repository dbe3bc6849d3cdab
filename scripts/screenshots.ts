/**
 * The README's screenshots of the dashboard: both themes, edit mode with the "Unplaced series"
 * drawer, and a phone (scripts/screenshot-demo.ts SHOTS):
 *
 *   npm run build && npm run screenshots
 *
 * Starts the production build (`node dist/server.mjs`) on a free loopback port with a fresh
 * SQLite file in a temp folder, pushes a few demo series (five minutes of history each), has
 * two people chat, then photographs the page (docs/screenshots/dashboard-*.png). The server and the temp
 * folder are removed at the end. Chromium: CHROMIUM_PATH, else /usr/bin/chromium, else
 * Playwright's own. Exit code 1 when anything fails (the server's output is printed).
 */
import { type ChildProcess, spawn } from 'node:child_process';
import { existsSync, mkdirSync, mkdtempSync, rmSync } from 'node:fs';
import net from 'node:net';
import os from 'node:os';
import path from 'node:path';
import { type Browser, chromium, type Page } from '@playwright/test';
import { chromiumLaunchOptions } from '../lib/testing/chromium-launch';
import { DEMO_LAYOUT, DEMO_SERIES, SHOTS } from './screenshot-demo';

/** Demo history pushed per series, in milliseconds (the page's default window). */
const DEMO_HISTORY_MS = 5 * 60_000;
/** Spacing of the demo samples, in milliseconds. */
const DEMO_STEP_MS = 2_000;
/** Collector period of the demo server, in milliseconds. */
const DEMO_SAMPLE_INTERVAL_MS = 500;
/** Longest wait for the server, and for the page to settle, in milliseconds. */
const READY_TIMEOUT_MS = 60_000;
/** Time the built-in series get to draw a line before the pictures, in milliseconds. */
const SETTLE_MS = 8_000;

const OUT_DIR = path.join(process.cwd(), 'docs', 'screenshots');

async function main(): Promise<void> {
  if (!existsSync('dist/server.mjs'))
    throw new Error('No dist/server.mjs: run `npm run build` first.');
  const dir = mkdtempSync(path.join(os.tmpdir(), 'pulseboard-shots-'));
  const port = await freePort();
  const baseUrl = `http://127.0.0.1:${port}`;
  const server = startServer(port, path.join(dir, 'db.sqlite'));
  let browser: Browser | undefined;
  let ticker: ReturnType<typeof setInterval> | undefined;
  try {
    await waitForHealth(baseUrl, server);
    await pushDemoSeries(baseUrl, Date.now() - DEMO_HISTORY_MS, Date.now());
    await saveDemoLayout(baseUrl);
    // Keep the demo series arriving, so no widget looks stale in the pictures.
    ticker = setInterval(() => {
      const now = Date.now();
      void pushDemoSeries(baseUrl, now, now).catch(() => {});
    }, DEMO_STEP_MS);
    browser = await chromium.launch(chromiumLaunchOptions());
    await chat(browser, baseUrl);
    mkdirSync(OUT_DIR, { recursive: true });
    for (const [i, shot] of SHOTS.entries()) {
      const file = path.join(OUT_DIR, shot.file);
      await photograph(browser, baseUrl, shot, `Viewer${i + 1}`, file);
      console.log(`wrote ${path.relative(process.cwd(), file)}`);
    }
  } catch (error) {
    console.error(server.output.join(''));
    throw error;
  } finally {
    clearInterval(ticker);
    await browser?.close();
    server.child.kill('SIGTERM');
    rmSync(dir, { recursive: true, force: true });
  }
}

function startServer(port: number, databasePath: string) {
  const child = spawn(process.execPath, ['dist/server.mjs'], {
    env: {
      ...process.env,
      NODE_ENV: 'production',
      NEXT_TELEMETRY_DISABLED: '1',
      HOST: '127.0.0.1',
      PORT: String(port),
      DATABASE_PATH: databasePath,
      SAMPLE_INTERVAL_MS: String(DEMO_SAMPLE_INTERVAL_MS),
    },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  const output: string[] = [];
  child.stdout?.on('data', (chunk: Buffer) => output.push(chunk.toString()));
  child.stderr?.on('data', (chunk: Buffer) => output.push(chunk.toString()));
  return { child, output };
}

async function waitForHealth(baseUrl: string, server: { child: ChildProcess }): Promise<void> {
  const deadline = Date.now() + READY_TIMEOUT_MS;
  while (Date.now() < deadline) {
    if (server.child.exitCode !== null) throw new Error('The server exited during start.');
    const ok = await fetch(`${baseUrl}/api/health`).then(
      (r) => r.ok,
      () => false,
    );
    if (ok) return;
    await new Promise((resolve) => setTimeout(resolve, 200));
  }
  throw new Error(`The server did not answer /api/health within ${READY_TIMEOUT_MS} ms.`);
}

/** Posts the demo series' samples from `fromMs` to `toMs`, one every DEMO_STEP_MS. */
async function pushDemoSeries(baseUrl: string, fromMs: number, toMs: number): Promise<void> {
  const samples = DEMO_SERIES.flatMap(({ series, unit, at }) => {
    const points = [];
    for (let ts = fromMs; ts <= toMs; ts += DEMO_STEP_MS) {
      points.push({ series, unit, ts, value: Number(at(ts / 1000).toFixed(2)) });
    }
    return points;
  });
  const response = await fetch(`${baseUrl}/api/metrics`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ samples }),
  });
  if (!response.ok)
    throw new Error(`POST /api/metrics: ${response.status} ${await response.text()}`);
}

async function saveDemoLayout(baseUrl: string): Promise<void> {
  const current = (await (await fetch(`${baseUrl}/api/layout`)).json()) as { version: number };
  const response = await fetch(`${baseUrl}/api/layout`, {
    method: 'PUT',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ baseVersion: current.version, widgets: DEMO_LAYOUT }),
  });
  if (!response.ok) throw new Error(`PUT /api/layout: ${response.status} ${await response.text()}`);
}

/** Two people talk, through the page like anyone would. */
async function chat(browser: Browser, baseUrl: string): Promise<void> {
  const lines: [string, string][] = [
    ['Ada', 'Deploy 2.14 is out, watching p95 latency.'],
    ['Bo', 'Queue depth is back under 20, looks healthy.'],
    ['Ada', 'Nice. Leaving the board up on the wall screen.'],
  ];
  const pages = new Map<string, Page>();
  for (const name of new Set(lines.map(([n]) => n))) {
    const page = await (await browser.newContext()).newPage();
    await joinChat(page, baseUrl, name);
    pages.set(name, page);
  }
  for (const [name, text] of lines) {
    const page = pages.get(name) as Page;
    await page.getByTestId('chat-input').fill(text);
    await page.getByTestId('chat-input').press('Enter');
    await page
      .getByTestId('chat-message')
      .filter({ hasText: text })
      .and(page.locator('[data-pending="false"]'))
      .waitFor({ timeout: READY_TIMEOUT_MS });
  }
  for (const page of pages.values()) await page.context().close();
}

async function joinChat(page: Page, baseUrl: string, name: string): Promise<void> {
  await page.goto(baseUrl);
  await page.getByTestId('chat-name-input').fill(name);
  await page.getByTestId('chat-name-submit').click();
  await page.locator('[data-testid="status-chat"][data-status="live"]').waitFor({
    timeout: READY_TIMEOUT_MS,
  });
}

async function photograph(
  browser: Browser,
  baseUrl: string,
  shot: (typeof SHOTS)[number],
  // A name per picture: the first one is still held (CHAT_NAME_HOLD_MS) when the second joins.
  viewer: string,
  file: string,
): Promise<void> {
  const context = await browser.newContext({ viewport: shot.viewport });
  await context.addCookies([{ name: 'pulseboard_theme', value: shot.theme, url: baseUrl }]);
  const page = await context.newPage();
  await joinChat(page, baseUrl, viewer);
  await page.locator('[data-testid="status-stream"][data-status="live"]').waitFor();
  if ('editing' in shot) {
    // Edit mode with the "Unplaced series" drawer open: the collector's other series wait there.
    await page.getByTestId('edit-layout').click();
    await page.getByTestId('unplaced-toggle').click();
  }
  await page.waitForTimeout(SETTLE_MS);
  // Joining the chat scrolled it into view on a narrow screen: the picture starts at the top.
  await page.evaluate(() => window.scrollTo(0, 0));
  await page.mouse.move(0, 0);
  await page.screenshot({ path: file });
  await context.close();
}

function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const probe = net.createServer();
    probe.once('error', reject);
    probe.listen(0, '127.0.0.1', () => {
      const { port } = probe.address() as net.AddressInfo;
      probe.close(() => resolve(port));
    });
  });
}

main().then(
  () => process.exit(0),
  (error: unknown) => {
    console.error(error instanceof Error ? error.message : error);
    process.exit(1);
  },
);
