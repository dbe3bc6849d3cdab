import AxeBuilder from '@axe-core/playwright';
import { COLLECTOR_SERIES } from '../lib/collector/collector';
import { INGEST_MAX_SAMPLES } from '../lib/protocol';
import { startTestServer, type TestServer } from '../tests/integration/helpers/start-test-server';
import { expectStatus } from './helpers';
import { type APIRequestContext, expect, type Page, request, test } from './test';

/**
 * Ten thousand series (issue 10, B2; issue 14 item 3): the board shows what was placed on it
 * (a new install: the collector's series), none of the pushed ones, says how many series it
 * leaves out, and stays usable: the picker finds any series and adds its widget, which draws
 * its history. Runs against a server of its own (port 0,
 * fresh database) so the shared e2e server's board is not filled with these series.
 */
const SERIES_COUNT = 10_000;
/** Samples pushed per series (spread over the last minute). */
const SAMPLES_PER_SERIES = 3;
const name = (i: number) => `many.${String(i).padStart(5, '0')}`;

let server: TestServer;
let api: APIRequestContext;

/** Pushes `samples` in requests of INGEST_MAX_SAMPLES. */
async function push(samples: { series: string; value: number; ts: number; unit?: string }[]) {
  for (let i = 0; i < samples.length; i += INGEST_MAX_SAMPLES) {
    const answer = await api.post('/api/metrics', {
      data: { samples: samples.slice(i, i + INGEST_MAX_SAMPLES) },
    });
    expect(answer.status(), await answer.text()).toBe(200);
  }
}

test.beforeAll(async () => {
  test.setTimeout(120_000);
  // SERIES_MAX: the server side of B2 caps distinct series; this test needs 10,000 and more.
  server = await startTestServer({ SAMPLE_INTERVAL_MS: '250', SERIES_MAX: '100000' });
  api = await request.newContext({ baseURL: server.url });
  const now = Date.now();
  const samples = [];
  for (let k = 0; k < SAMPLES_PER_SERIES; k++) {
    for (let i = 0; i < SERIES_COUNT; i++) {
      samples.push({ series: name(i), value: i + k, ts: now - 60_000 + k * 20_000, unit: 'req' });
    }
  }
  await push(samples);
});
test.afterAll(async () => {
  await api?.dispose();
  await server?.stop();
});

/** Records every long task (over 50 ms on the main thread) from the first script on. */
async function watchLongTasks(
  page: Page,
): Promise<() => Promise<{ count: number; totalMs: number; maxMs: number }>> {
  await page.addInitScript(() => {
    const tasks: number[] = [];
    (window as unknown as { __longTasks: number[] }).__longTasks = tasks;
    new PerformanceObserver((list) => {
      for (const entry of list.getEntries()) tasks.push(entry.duration);
    }).observe({ type: 'longtask', buffered: true });
  });
  return () =>
    page.evaluate(() => {
      const tasks = (window as unknown as { __longTasks: number[] }).__longTasks;
      return {
        count: tasks.length,
        totalMs: Math.round(tasks.reduce((a, b) => a + b, 0)),
        maxMs: Math.round(Math.max(0, ...tasks)),
      };
    });
}

/** axe's serious and critical WCAG 2.1 AA findings, one line each. */
async function seriousViolations(page: Page): Promise<string[]> {
  const results = await new AxeBuilder({ page })
    .withTags(['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa'])
    .analyze();
  return results.violations
    .filter((v) => v.impact === 'serious' || v.impact === 'critical')
    .map((v) => `${v.impact} ${v.id}: ${v.nodes.map((n) => n.target.join(' ')).join(', ')}`);
}

const widgets = (page: Page) => page.getByTestId('dashboard-grid').locator('[data-widget-id]');

test.describe('a board with 10,000 series', () => {
  test('shows only the placed widgets, says how many series it leaves out, and the picker adds any series', async ({
    page,
  }) => {
    test.setTimeout(120_000);
    const longTasks = await watchLongTasks(page);
    await page.goto(`${server.url}/`);
    await expectStatus(page, 'stream', 'live');

    // A new install's board holds the collector's own series; pushed ones are not appended.
    await expect(page.getByTestId('widget-host.cpu')).toBeVisible();
    await expect(widgets(page)).toHaveCount(COLLECTOR_SERIES.length);
    const summary = page.getByTestId('board-summary');
    await expect(summary).toContainText('more series');
    const hidden = Number(await summary.getAttribute('data-hidden'));
    expect(hidden).toBe(SERIES_COUNT);
    const afterLoad = await longTasks();

    // The page answers: search a series deep in the list and add it.
    const wanted = name(8_765);
    const input = page.getByTestId('series-picker-input');
    await input.click();
    await input.fill(wanted);
    const option = page.getByTestId('series-picker-option').filter({ hasText: wanted });
    await expect(option).toHaveCount(1);
    await expect(page.getByTestId('series-picker-option')).toHaveCount(1);
    await input.press('Enter');
    const widget = page.getByTestId(`widget-${wanted}`);
    await expect(widget).toBeVisible();
    // Its points were not held: they come from /api/range, all three of them.
    await expect(page.getByTestId(`chart-${wanted}`)).toHaveAttribute(
      'data-points',
      String(SAMPLES_PER_SERIES),
    );
    await expect(page.getByTestId(`widget-value-${wanted}`)).toHaveText(
      `${(8_765 + SAMPLES_PER_SERIES - 1).toLocaleString('en')} req`,
    );
    await expect(widget).toBeFocused();
    await expect(widgets(page)).toHaveCount(COLLECTOR_SERIES.length + 1);

    // The list renders a bounded number of rows however many series match.
    await input.fill('many.');
    await expect(page.getByTestId('series-picker-option')).toHaveCount(50);
    await expect(page.getByTestId('series-picker-status')).toContainText('of 10,000 matches shown');
    const beforeAxe = await longTasks(); // axe runs in the page: its own long tasks are not ours
    await input.press('ArrowDown');
    await expect(page.getByTestId('series-picker-option').nth(1)).toHaveAttribute(
      'aria-selected',
      'true',
    );
    expect(await seriousViolations(page)).toEqual([]); // the open picker included
    await input.press('Escape');
    await expect(page.getByTestId('series-picker-list')).toBeHidden();

    const afterAxe = await longTasks();

    // New series keep arriving: the board does not grow a widget for each.
    const more = Array.from({ length: 1_000 }, (_, i) => ({
      series: `more.${String(i).padStart(4, '0')}`,
      value: i,
      ts: Date.now(),
    }));
    await push(more);
    await expect
      .poll(async () => Number(await summary.getAttribute('data-hidden')))
      .toBe(hidden + 1_000 - 1);
    await expect(widgets(page)).toHaveCount(COLLECTOR_SERIES.length + 1);

    const atEnd = await longTasks();
    const heap = await page.evaluate(
      () =>
        (performance as unknown as { memory?: { usedJSHeapSize: number } }).memory?.usedJSHeapSize,
    );
    const report = {
      series: SERIES_COUNT + 1_000,
      longTasksAfterLoad: afterLoad,
      longTasksAfterPicking: beforeAxe,
      // Tasks while 1,000 more series arrived (axe's own tasks left out).
      longTasksFor1000More: {
        count: atEnd.count - afterAxe.count,
        totalMs: atEnd.totalMs - afterAxe.totalMs,
      },
      usedJSHeapMiB: heap === undefined ? undefined : Math.round(heap / 1048576),
    };
    console.log(`many-series: ${JSON.stringify(report)}`);
    test.info().annotations.push({ type: 'long tasks', description: JSON.stringify(report) });
  });
});

test.describe('a snapshot that leaves series out (stream, search and range answered by fakes)', () => {
  test('the page says so, the picker asks GET /api/series, and the found series draws its history', async ({
    page,
  }) => {
    const now = Date.now();
    const snapshot = {
      seq: 5,
      series: [{ name: 'host.cpu', unit: '%', points: [[now - 1000, 12]], truncated: true }],
      omittedSeries: 9_999,
    };
    // The bounded snapshot of the contract; the stream then ends and the page reconnects.
    await page.route('**/api/stream**', (route) =>
      route.fulfill({
        status: 200,
        contentType: 'text/event-stream',
        body: `event: snapshot\nid: 5\ndata: ${JSON.stringify(snapshot)}\n\n`,
      }),
    );
    const searches: string[] = [];
    await page.route('**/api/series?**', (route) => {
      const url = new URL(route.request().url());
      searches.push(url.searchParams.get('q') ?? '');
      return route.fulfill({
        json: {
          series: [{ key: 'far.away.1', name: 'far.away.1', labels: {}, unit: 'req' }],
          total: 10_000,
        },
      });
    });
    const ranges: string[] = [];
    await page.route('**/api/range?**', (route) => {
      const url = new URL(route.request().url());
      const names = (url.searchParams.get('series') ?? '').split(',');
      ranges.push(names.join(','));
      const points = (name: string) =>
        name === 'far.away.1'
          ? [
              [now - 3000, 1],
              [now - 2000, 2],
              [now - 1000, 3],
            ]
          : [[now - 1000, 12]];
      return route.fulfill({
        json: {
          from: Number(url.searchParams.get('from')),
          to: Number(url.searchParams.get('to')),
          resolution: 'raw',
          seq: 5,
          series: names.map((name) => ({
            name,
            unit: name === 'host.cpu' ? '%' : 'req',
            points: points(name),
          })),
        },
      });
    });
    let layout = {
      version: 1,
      widgets: [{ id: 'd-host.cpu', series: 'host.cpu', kind: 'line', size: 'm' }] as unknown[],
    };
    await page.route('**/api/layout', (route) => {
      if (route.request().method() === 'PUT') {
        const body = route.request().postDataJSON() as { widgets: unknown[] };
        layout = { version: layout.version + 1, widgets: body.widgets };
      }
      return route.fulfill({ json: layout });
    });

    await page.goto('/');
    const summary = page.getByTestId('board-summary');
    await expect(summary).toContainText('9,999 more series');
    await expect(summary).toContainText('The live stream listed 1 of them');
    // host.cpu was cut short (truncated) and is on the board: its history was asked for.
    await expect.poll(() => ranges).toContain('host.cpu');

    const input = page.getByTestId('series-picker-input');
    await input.fill('far.away');
    const option = page.getByTestId('series-picker-option').filter({ hasText: 'far.away.1' });
    await expect(option).toHaveCount(1);
    expect(searches).toContain('far.away');
    await input.press('Enter');
    await expect(page.getByTestId('chart-far.away.1')).toHaveAttribute('data-points', '3');
    await expect(page.getByTestId('widget-value-far.away.1')).toHaveText('3 req');
    expect(layout.widgets).toContainEqual(
      expect.objectContaining({ series: 'far.away.1', kind: 'line' }),
    );
  });
});
