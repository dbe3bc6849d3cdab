import type { Layout, Widget } from '@/lib/protocol';
import { openDashboard, uniqueSuffix } from './helpers';
import { expect, type Page, test } from './test';

async function savedLayout(page: Page): Promise<Layout> {
  return (await (await page.request.get('/api/layout')).json()) as Layout;
}

async function save(page: Page, widgets: Widget[]): Promise<Layout> {
  const current = await savedLayout(page);
  const answer = await page.request.put('/api/layout', {
    data: { baseVersion: current.version, widgets },
  });
  expect(answer.status()).toBe(200);
  return (await answer.json()) as Layout;
}

test.describe('layout history', () => {
  test('lists the saved versions and restores an older one as a new version', async ({ page }) => {
    const suffix = uniqueSuffix();
    const a: Widget = {
      id: `ha-${suffix}`,
      series: `e2e.hist.a.${suffix}`,
      kind: 'stat',
      size: 'm',
    };
    const b: Widget = {
      id: `hb-${suffix}`,
      series: `e2e.hist.b.${suffix}`,
      kind: 'line',
      size: 'm',
    };
    const older = await save(page, [a]);
    const newer = await save(page, [a, b]);
    await openDashboard(page);
    await expect(page.locator(`[data-widget-id="${b.id}"]`)).toBeVisible();
    await page.getByTestId('edit-layout').click();
    await page.getByTestId('layout-history-toggle').click();
    const history = page.getByTestId('layout-history');
    const newest = history.locator(`[data-version="${newer.version}"]`);
    await expect(newest).toContainText(`added ${b.series}`);
    await expect(newest).toContainText('current');
    await history
      .locator(`[data-version="${older.version}"]`)
      .getByTestId('layout-history-restore')
      .click();
    await expect(page.locator(`[data-widget-id="${b.id}"]`)).toHaveCount(0);
    await expect
      .poll(() => savedLayout(page))
      .toEqual({ version: newer.version + 1, widgets: [a] });
    // The restore is one more version on top: the history keeps the one it replaced.
    await expect(history.locator(`[data-version="${newer.version + 1}"]`)).toContainText(
      `removed ${b.series}`,
    );
    await expect(history.locator(`[data-version="${newer.version}"]`)).toBeVisible();
    // Undo takes the restore back.
    await page.getByTestId('layout-undo').click();
    await expect(page.locator(`[data-widget-id="${b.id}"]`)).toBeVisible();
    await expect.poll(async () => (await savedLayout(page)).widgets).toEqual([a, b]);
  });
});
