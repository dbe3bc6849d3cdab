import type { Page } from '@playwright/test';
import { ANNOTATIONS_PATH } from '@/lib/protocol';
import { boardWithOneSeries, expectStatus } from './helpers';
import { expect, test } from './test';

/** Counts the page's `GET /api/annotations` reads (each a list read, not an event). */
function countListReads(page: Page): { count: number } {
  const reads = { count: 0 };
  page.on('request', (r) => {
    if (r.method() === 'GET' && new URL(r.url()).pathname === ANNOTATIONS_PATH) reads.count++;
  });
  return reads;
}

/** Opens the board and waits until its stream is live and its first list read answered. */
async function openBoard(page: Page, slug: string, series: string): Promise<void> {
  const firstRead = page.waitForResponse(
    (r) => new URL(r.url()).pathname === ANNOTATIONS_PATH && r.request().method() === 'GET',
  );
  await page.goto(`/b/${slug}`);
  await expectStatus(page, 'stream', 'live');
  expect((await firstRead).status()).toBe(200);
  await expect(page.getByTestId(`chart-${series}`)).toBeVisible();
}

test.describe('annotations live', () => {
  test("an annotation posted through the API marks the board's charts in both tabs of a browser at once, from the stream", async ({
    page,
    context,
    request,
  }) => {
    const { slug, series, suffix } = await boardWithOneSeries(request, 'Marks');
    try {
      const tabs = [page, await context.newPage()];
      const reads = tabs.map(countListReads);
      for (const tab of tabs) await openBoard(tab, slug, series);
      const readsBefore = reads.map((r) => r.count);

      // Another board's first, then this board's: events arrive in order on the one stream.
      const elsewhere = await request.post(ANNOTATIONS_PATH, {
        data: { text: `elsewhere ${suffix}`, board: 'some-other-board' },
      });
      expect(elsewhere.status()).toBe(201);
      const posted = await request.post(ANNOTATIONS_PATH, {
        data: { text: `deploy ${suffix}`, board: slug },
      });
      expect(posted.status()).toBe(201);

      for (const tab of tabs) {
        const markers = tab
          .getByTestId(`chart-${series}`)
          .locator('[data-testid="annotation-marker"]');
        await expect(markers.and(tab.locator(`[title="deploy ${suffix}"]`))).toHaveCount(1);
        await expect(markers.and(tab.locator(`[title="elsewhere ${suffix}"]`))).toHaveCount(0);
      }
      // No tab read the list again: the markers came with `event: annotation`.
      expect(reads.map((r) => r.count)).toEqual(readsBefore);
    } finally {
      expect((await request.delete(`/api/boards/${slug}`)).status()).toBe(204);
    }
  });
});
