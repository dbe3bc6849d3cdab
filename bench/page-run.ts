/**
 * `npm run bench:page` (issue 14, item 8): the page in Chromium (Playwright) against the
 * production server. Frame times and CDP Performance metrics of a board of PAGE_BENCH_PANELS
 * live panels beside a board of PAGE_BENCH_BASELINE_PANELS (about one screen) in the same run,
 * then the series search timed on a store of a few hundred series and on one of
 * PAGE_BENCH_SERIES. Writes the report to stdout and bench/results/<date>-page.md.
 */
import { existsSync, mkdirSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { type Browser, chromium, type Page } from '@playwright/test';
import { chromiumLaunchOptions } from '@/lib/testing/chromium-launch';
import { runBench } from './child-registry';
import { sleep, wallNow } from './clock';
import { closeIngestAgent, postSamples } from './ingest-client';
import {
  PAGE_BENCH_BASELINE_PANELS,
  PAGE_BENCH_FILL_BATCH,
  PAGE_BENCH_MEASURE_MS,
  PAGE_BENCH_PANELS,
  PAGE_BENCH_SEARCHES,
  PAGE_BENCH_SERIES,
  PAGE_BENCH_SETTLE_MS,
  PAGE_BENCH_TIMEOUT_MS,
  PAGE_BENCH_VIEWPORT,
  PAGE_BENCH_WRITE_INTERVAL_MS,
} from './page-config';
import { measureFrames, timeSearches } from './page-measure';
import { renderPageReport } from './page-report';
import { loadAverages } from './proc-stats';
import { PROJECT_ROOT, type RunningServer, startServer } from './server-process';
import { pulseboardSpec, resolveServerMode } from './server-specs';

await runBench('bench:page', PAGE_BENCH_TIMEOUT_MS, () => main(), closeIngestAgent);

/** The series of panel `i`. */
function panelSeries(i: number): string {
  return `bench.panel.${String(i).padStart(3, '0')}`;
}

async function main(): Promise<void> {
  if (!existsSync(path.join(PROJECT_ROOT, '.next', 'BUILD_ID'))) {
    throw new Error('No production build in .next: run `npm run bench:page` (it builds first)');
  }
  const spec = pulseboardSpec(resolveServerMode());
  const startLoad = loadAverages();
  const startedAt = wallNow();
  const server = await startServer({
    ...spec,
    label: 'Pulseboard',
    env: { ...spec.env, SERIES_MAX: String(PAGE_BENCH_SERIES * 2) },
  });
  let browser: Browser | undefined;
  let writing = true;
  try {
    await push(
      server,
      Array.from({ length: PAGE_BENCH_PANELS }, (_, i) => panelSeries(i)),
    );
    const small = await boardOf(server, PAGE_BENCH_BASELINE_PANELS);
    const big = await boardOf(server, PAGE_BENCH_PANELS);
    const writer = writeLive(server, () => writing);
    browser = await chromium.launch(chromiumLaunchOptions());
    const context = await browser.newContext({ viewport: PAGE_BENCH_VIEWPORT });
    const page = await context.newPage();
    const framesSmall = await framesOf(page, server, small);
    const framesBig = await framesOf(page, server, big);
    const queries = Array.from({ length: PAGE_BENCH_SEARCHES }, (_, k) =>
      panelSeries((k * 37) % PAGE_BENCH_PANELS),
    );
    await page.goto(`${server.url}/b/${big}`);
    const searchSmall = await timeSearches(page, queries);
    writing = false;
    await writer;
    await fillStore(server);
    await page.goto(`${server.url}/b/${big}`);
    await page.locator('[data-testid="status-stream"][data-status="live"]').waitFor();
    const searchBig = await timeSearches(page, queries);
    const report = renderPageReport({
      date: new Date().toISOString().slice(0, 10),
      machine: `${os.cpus().length} cores (${os.cpus()[0]?.model.trim()}), Node ${process.version}`,
      chromium: browser.version(),
      loadAverages: { start: startLoad, end: loadAverages() },
      durationS: (wallNow() - startedAt) / 1000,
      frames: { small: framesSmall, big: framesBig },
      search: { small: searchSmall, big: searchBig, smallSeries: PAGE_BENCH_PANELS },
      warnings: [...server.warnings].map(([msg, n]) => `the server logged ${n}x "${msg}"`),
    });
    const dir = path.join(PROJECT_ROOT, 'bench', 'results');
    mkdirSync(dir, { recursive: true });
    const file = path.join(dir, `${new Date().toISOString().slice(0, 10)}-page.md`);
    writeFileSync(file, report);
    process.stdout.write(`${report}\nWritten to ${path.relative(PROJECT_ROOT, file)}\n`);
  } finally {
    writing = false;
    await browser?.close();
    await server.stop();
  }
}

/** One sample for each of `keys`, in batches; throws on a failed request. */
async function push(server: RunningServer, keys: readonly string[], value = 1): Promise<void> {
  for (let i = 0; i < keys.length; i += PAGE_BENCH_FILL_BATCH) {
    const batch = keys.slice(i, i + PAGE_BENCH_FILL_BATCH).map((series) => ({ series, value }));
    const result = await postSamples(server.url, batch);
    if (result.error !== undefined) throw new Error(`ingest failed: ${result.error}`);
  }
}

/** Fills the store up to PAGE_BENCH_SERIES series (the panels' among them). */
async function fillStore(server: RunningServer): Promise<void> {
  const more = PAGE_BENCH_SERIES - PAGE_BENCH_PANELS;
  await push(
    server,
    Array.from({ length: more }, (_, i) => `bench.fill.${String(i).padStart(5, '0')}`),
  );
}

/** A new board of the first `panels` panel series, one line chart each; returns its slug. */
async function boardOf(server: RunningServer, panels: number): Promise<string> {
  const created = await fetch(`${server.url}/api/boards`, {
    method: 'POST',
    headers: { 'Content-Type': 'application/json' },
    body: JSON.stringify({ name: `Bench ${panels}` }),
  });
  if (created.status !== 201) throw new Error(`POST /api/boards answered ${created.status}`);
  const { slug } = (await created.json()) as { slug: string };
  const widgets = Array.from({ length: panels }, (_, i) => {
    const series = panelSeries(i);
    return { id: `d-${series}`, series, kind: 'line', size: 'm' };
  });
  const put = await fetch(`${server.url}/api/boards/${slug}/layout`, {
    method: 'PUT',
    headers: { 'Content-Type': 'application/json' },
    body: JSON.stringify({ baseVersion: 0, widgets }),
  });
  if (put.status !== 200) throw new Error(`PUT the board's layout answered ${put.status}`);
  return slug;
}

/** A sample for every panel series each PAGE_BENCH_WRITE_INTERVAL_MS while `on()`. */
async function writeLive(server: RunningServer, on: () => boolean): Promise<void> {
  const keys = Array.from({ length: PAGE_BENCH_PANELS }, (_, i) => panelSeries(i));
  const start = wallNow();
  for (let k = 1; on(); k++) {
    await postSamples(
      server.url,
      keys.map((series, i) => ({ series, value: 50 + 40 * Math.sin((k + i) / 10) })),
    );
    await sleep(start + k * PAGE_BENCH_WRITE_INTERVAL_MS - wallNow());
  }
}

async function framesOf(page: Page, server: RunningServer, slug: string) {
  await page.goto(`${server.url}/b/${slug}`);
  await page.locator('[data-testid="status-stream"][data-status="live"]').waitFor();
  await sleep(PAGE_BENCH_SETTLE_MS);
  return measureFrames(page, PAGE_BENCH_MEASURE_MS);
}
