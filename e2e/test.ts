import { type APIRequestContext, test as base, expect } from '@playwright/test';

// Everything Playwright exports, with `test` below in place of its own.
export * from '@playwright/test';

/** Most series one clean-up lists and deletes (far above what the suite pushes). */
const CLEAN_SERIES_MAX = 1000;

/**
 * Starts a test from a clean board on the shared e2e server: the series earlier tests pushed
 * (`e2e.*`) deleted and the default board's saved layout emptied. The default board fills
 * itself with at most DEFAULT_BOARD_MAX_WIDGETS widgets, so without this, what earlier tests
 * pushed and saved decides whether a test's own new series gets a widget at all.
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
  if (layout.widgets.length === 0) return;
  const emptied = await request.put('/api/layout', {
    data: { baseVersion: layout.version, widgets: [] },
  });
  expect(emptied.status()).toBe(200);
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
