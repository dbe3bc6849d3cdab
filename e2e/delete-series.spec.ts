import AxeBuilder from '@axe-core/playwright';
import { watchCsp } from './csp-guard';
import { openDashboard, twoPeople, uniqueSuffix } from './helpers';
import { type APIRequestContext, expect, type Page, placeSeries, test } from './test';

/**
 * Deleting a series from the page (issue 10, B2). The first group needs the server side:
 * `DELETE /api/series/<name>` and `event: series-deleted`. The last group fakes the DELETE
 * answers in the browser, so it checks the confirm step on any server.
 */

async function push(request: APIRequestContext, series: string, value: number) {
  const answer = await request.post('/api/metrics', {
    data: { samples: [{ series, value, unit: 'ms' }] },
  });
  expect(answer.status()).toBe(200);
  await placeSeries(request, series);
}

/** Opens the confirm step for the first widget of `series` (edit mode on). */
async function askToDelete(page: Page, series: string) {
  const edit = page.getByTestId('edit-layout');
  if ((await edit.getAttribute('aria-pressed')) !== 'true') await edit.click();
  await page.getByTestId(`widget-${series}`).first().getByTestId('widget-delete-series').click();
  const dialog = page.getByTestId('delete-series-dialog');
  await expect(dialog).toBeVisible();
  await expect(page.getByTestId('delete-series-name')).toHaveText(series);
  return dialog;
}

test.describe('deleting a series (server: DELETE /api/series, event: series-deleted)', () => {
  test('confirmed in one browser, the series and its widgets leave every board and its history is gone', async ({
    browser,
    request,
  }) => {
    test.setTimeout(90_000);
    const series = `e2e.delete.${uniqueSuffix()}`;
    await push(request, series, 1);
    const { contextA, contextB, a, b } = await twoPeople(browser);
    const csp = await watchCsp(a);
    await openDashboard(a);
    await openDashboard(b);
    const inA = a.getByTestId(`widget-${series}`);
    const inB = b.getByTestId(`widget-${series}`);
    await expect(inB).toHaveCount(1);

    // A saved widget too (a stat), besides the default one.
    await a.getByTestId('edit-layout').click();
    await a.getByTestId('add-widget-series').selectOption(series);
    await a.getByTestId('add-widget-kind').selectOption('stat');
    await a.getByTestId('add-widget-submit').click();
    await expect(inB).toHaveCount(2);

    // Cancel keeps everything.
    const dialog = await askToDelete(a, series);
    await expect(dialog).toContainText('history');
    await a.getByTestId('delete-series-cancel').click();
    await expect(dialog).toBeHidden();
    await expect(inA).toHaveCount(2);

    await askToDelete(a, series);
    await a.getByTestId('delete-series-confirm').click();
    await expect(dialog).toBeHidden();
    await expect(a.getByTestId('board-notice')).toContainText(`Deleted ${series}`);
    await expect(inA).toHaveCount(0);
    await expect(inB).toHaveCount(0); // event: series-deleted, then event: layout

    const now = Date.now();
    const range = await request.get(
      `/api/range?from=${now - 3_600_000}&to=${now}&series=${series}`,
    );
    expect((await range.json()).series).toEqual([]);
    const layout = await (await request.get('/api/layout')).json();
    expect(layout.widgets.filter((w: { series: string }) => w.series === series)).toEqual([]);
    const again = await request.delete(`/api/series/${encodeURIComponent(series)}`);
    expect(again.status()).toBe(404);
    expect((await again.json()).error.code).toBe('not_found');

    expect(await csp.violations()).toEqual([]);
    expect(csp.consoleErrors).toEqual([]);
    await contextA.close();
    await contextB.close();
  });

  test('deleted elsewhere (API or CLI): a saved widget says "series deleted" until the series is pushed again', async ({
    page,
    request,
  }) => {
    const series = `e2e.deleted.${uniqueSuffix()}`;
    await push(request, series, 5);
    const current = await (await request.get('/api/layout')).json();
    const id = `w-${series}`;
    const put = (widgets: unknown[], baseVersion: number) =>
      request.put('/api/layout', { data: { baseVersion, widgets } });
    const saved = await put(
      [...current.widgets, { id, series, kind: 'stat', size: 's' }],
      current.version,
    );
    expect(saved.status()).toBe(200);
    await openDashboard(page);
    const widget = page.locator(`[data-widget-id="${id}"]`);
    await expect(page.getByTestId(`widget-value-${series}`).first()).toHaveText('5 ms');

    const deleted = await request.delete(`/api/series/${encodeURIComponent(series)}`);
    expect(deleted.status()).toBe(200);
    expect(await deleted.json()).toEqual({ series, samples: 1 });
    await expect(widget.getByTestId(`deleted-${series}`)).toHaveText('series deleted');
    await expect(widget).toHaveAttribute('data-points', '0');

    await push(request, series, 6);
    await expect(widget.getByTestId(`deleted-${series}`)).toHaveCount(0);
    await expect(page.getByTestId(`widget-value-${series}`).first()).toHaveText('6 ms');

    // Leave the shared layout as it was (the board fills itself up to its cap).
    const after = await (await request.get('/api/layout')).json();
    const without = after.widgets.filter((w: { id: string }) => w.id !== id);
    expect((await put(without, after.version)).status()).toBe(200);
  });
});

test.describe('the confirm step (DELETE answered by a fake in the browser)', () => {
  test('a refusal is shown in the dialog and nothing leaves; "already deleted" takes the series off', async ({
    page,
    request,
  }) => {
    const series = `e2e.refused.${uniqueSuffix()}`;
    await push(request, series, 3);
    let status = 403;
    await page.route('**/api/series/**', (route) =>
      route.request().method() === 'DELETE'
        ? route.fulfill({
            status,
            contentType: 'application/json',
            body: JSON.stringify({
              error: {
                code: status === 403 ? 'forbidden' : 'not_found',
                message: 'cross-site request refused',
              },
            }),
          })
        : route.continue(),
    );
    await openDashboard(page);
    const widget = page.getByTestId(`widget-${series}`);
    await expect(widget).toBeVisible();

    const dialog = await askToDelete(page, series);
    await expect(page.getByTestId('delete-series-cancel')).toBeFocused();
    await page.getByTestId('delete-series-confirm').click();
    await expect(page.getByTestId('delete-series-error')).toHaveText(
      `Not allowed to delete ${series}: cross-site request refused`,
    );
    await expect(dialog).toBeVisible();
    const axe = await new AxeBuilder({ page })
      .withTags(['wcag2a', 'wcag2aa', 'wcag21aa'])
      .analyze();
    expect(axe.violations.filter((v) => v.impact === 'serious' || v.impact === 'critical')).toEqual(
      [],
    );
    await page.keyboard.press('Escape');
    await expect(dialog).toBeHidden();
    await expect(widget).toBeVisible();

    status = 404;
    await askToDelete(page, series);
    await expect(page.getByTestId('delete-series-error')).toHaveCount(0);
    await page.getByTestId('delete-series-confirm').click();
    await expect(dialog).toBeHidden();
    await expect(page.getByTestId('board-notice')).toHaveText(`${series} was already deleted.`);
    await expect(widget).toHaveCount(0);
  });
});
