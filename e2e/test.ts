import { type APIRequestContext, test as base, expect } from '@playwright/test';
import { defaultWidgetId, type Layout, type Widget } from '@/lib/protocol';
import { BUILT_IN_SERIES } from './helpers';

// Everything Playwright exports, with `test` below in place of its own.
export * from '@playwright/test';

/** Most series one clean-up lists and deletes (far above what the suite pushes). */
const CLEAN_SERIES_MAX = 1000;

/** Attempts of one layout change refused because another save came first (409). */
const LAYOUT_SAVE_ATTEMPTS_MAX = 5;

/** The line widget a series gets when placed from the drawer (`d-<key>`). */
export function lineWidget(series: string): Widget {
  return { id: defaultWidgetId(series), series, kind: 'line', size: 'm' };
}

/** The default board as a new install has it: the collector's series, placed once. */
const SEEDED_WIDGETS: readonly Widget[] = BUILT_IN_SERIES.map(lineWidget);

/**
 * Places `series` on the default board (line widgets under their default ids, after the
 * others), as "Add" in the "Unplaced series" drawer does: a series without a widget is not
 * appended by itself.
 */
export async function placeSeries(request: APIRequestContext, ...series: string[]): Promise<void> {
  for (let attempt = 0; attempt < LAYOUT_SAVE_ATTEMPTS_MAX; attempt++) {
    const layout = (await (await request.get('/api/layout')).json()) as Layout;
    const have = new Set(layout.widgets.map((w) => w.series));
    const widgets = [...layout.widgets, ...series.filter((s) => !have.has(s)).map(lineWidget)];
    const saved = await request.put('/api/layout', {
      data: { baseVersion: layout.version, widgets },
    });
    if (saved.status() === 200) return;
    expect(saved.status()).toBe(409);
  }
  throw new Error(`could not place ${series.join(', ')}`);
}

/**
 * Starts a test from a clean board on the shared e2e server: the series earlier tests pushed
 * (`e2e.*`) deleted and the default board's layout put back as a new install has it (the
 * collector's series), so what earlier tests placed, moved or removed never decides what a
 * test sees.
 */
export async function cleanBoard(request: APIRequestContext): Promise<void> {
  const found = await request.get(`/api/series?q=e2e.&limit=${CLEAN_SERIES_MAX}`);
  expect(found.status()).toBe(200);
  const { series } = (await found.json()) as { series: { key: string }[] };
  for (const { key } of series) {
    if (!key.startsWith('e2e.')) continue;
    const deleted = await request.delete(`/api/series/${encodeURIComponent(key)}`);
    expect([200, 404]).toContain(deleted.status());
  }
  const layout = (await (await request.get('/api/layout')).json()) as {
    version: number;
    widgets: unknown[];
  };
  if (JSON.stringify(layout.widgets) === JSON.stringify(SEEDED_WIDGETS)) return;
  const reset = await request.put('/api/layout', {
    data: { baseVersion: layout.version, widgets: SEEDED_WIDGETS },
  });
  expect(reset.status()).toBe(200);
}

/** Playwright's `test`, each test starting from a clean board (cleanBoard). */
export const test = base.extend<{ cleanBoardFirst: undefined }>({
  cleanBoardFirst: [
    async ({ request }, use) => {
      await cleanBoard(request);
      await use(undefined);
    },
    { auto: true },
  ],
});
