import type { CDPSession, Page } from '@playwright/test';
import { sleep, wallNow } from './clock';
import { PAGE_BENCH_LONG_FRAME_MS } from './page-config';
import { type Summary, summarize } from './stats';

/** What the page did over one measurement window. */
export type FrameFigures = {
  /** Time between animation frames, in milliseconds (16.7 at 60 fps). */
  frameMs: Summary;
  /** Frames longer than PAGE_BENCH_LONG_FRAME_MS. */
  longFrames: number;
  /** Main-thread busy time per second of the window, from CDP's Performance metrics, in ms. */
  taskMsPerS: number;
  scriptMsPerS: number;
  layoutMsPerS: number;
  /** JavaScript heap in use at the end, in MiB. */
  heapMiB: number;
  /** Charts on the page, and those that drew in the window (their data-points changed). */
  charts: number;
  chartsDrawn: number;
};

type Metrics = Record<string, number>;

/**
 * The frame loop run in the page: records the time between animation frames until
 * `benchStop`. A string, not a function: tsx would wrap a function's inner names in a helper
 * the page does not have.
 */
const FRAME_LOOP = `(() => {
  window.benchFrames = [];
  window.benchStop = false;
  let last = performance.now();
  const frame = (t) => {
    window.benchFrames.push(t - last);
    last = t;
    if (!window.benchStop) requestAnimationFrame(frame);
  };
  requestAnimationFrame(frame);
})()`;

async function metricsOf(cdp: CDPSession): Promise<Metrics> {
  const { metrics } = await cdp.send('Performance.getMetrics');
  return Object.fromEntries(metrics.map((m) => [m.name, m.value]));
}

/** data-points of every chart on the page, by test id. */
function chartPoints(page: Page): Promise<Record<string, string | null>> {
  return page.$$eval('[data-testid^="chart-"]', (charts) =>
    Object.fromEntries(
      charts.map((c) => [c.getAttribute('data-testid'), c.getAttribute('data-points')]),
    ),
  );
}

/**
 * Frame times (a requestAnimationFrame loop in the page) and CDP's Performance metrics over
 * `windowMs` while the page runs as it is (live samples arriving).
 */
export async function measureFrames(page: Page, windowMs: number): Promise<FrameFigures> {
  const cdp = await page.context().newCDPSession(page);
  await cdp.send('Performance.enable');
  const pointsBefore = await chartPoints(page);
  const before = await metricsOf(cdp);
  const startedAt = wallNow();
  await page.evaluate(FRAME_LOOP);
  await sleep(windowMs);
  const frames = await page.evaluate(() => {
    const w = window as unknown as { benchFrames: number[]; benchStop: boolean };
    w.benchStop = true;
    return w.benchFrames.slice(1);
  });
  const after = await metricsOf(cdp);
  const seconds = (wallNow() - startedAt) / 1000;
  const pointsAfter = await chartPoints(page);
  await cdp.detach();
  const perS = (name: string) => (((after[name] ?? 0) - (before[name] ?? 0)) * 1000) / seconds;
  const ids = Object.keys(pointsAfter);
  return {
    frameMs: summarize(frames),
    longFrames: frames.filter((f) => f > PAGE_BENCH_LONG_FRAME_MS).length,
    taskMsPerS: perS('TaskDuration'),
    scriptMsPerS: perS('ScriptDuration'),
    layoutMsPerS: perS('LayoutDuration') + perS('RecalcStyleDuration'),
    heapMiB: (after.JSHeapUsedSize ?? 0) / 1024 ** 2,
    charts: ids.length,
    chartsDrawn: ids.filter((id) => pointsAfter[id] !== pointsBefore[id]).length,
  };
}

/**
 * Times the series search `searches` times: from typing a query into the picker until its first
 * option shows (the picker's debounce included), in milliseconds.
 */
export async function timeSearches(page: Page, queries: readonly string[]): Promise<Summary> {
  const input = page.getByTestId('series-picker-input');
  const times: number[] = [];
  for (const query of queries) {
    await input.fill('');
    const startedAt = wallNow();
    await input.fill(query);
    await page
      .getByTestId('series-picker-option')
      .filter({ hasText: query })
      .first()
      .waitFor({ state: 'visible' });
    times.push(wallNow() - startedAt);
  }
  return summarize(times);
}
