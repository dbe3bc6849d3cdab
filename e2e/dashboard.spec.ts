import { BUILT_IN_SERIES, openDashboard, uniqueSuffix } from './helpers';
import { expect, placeSeries, test } from './test';

test.describe('dashboard', () => {
  test('shows a widget per built-in series whose values change live', async ({ page }) => {
    await openDashboard(page);
    for (const name of BUILT_IN_SERIES) {
      await expect(page.getByTestId(`widget-${name}`)).toBeVisible();
    }
    await expect(page.getByTestId('widget-value-server.rss')).toHaveText(
      /^\d+(\.\d+)? (KB|MB|GB)$/,
    );
    await expect(page.getByTestId('widget-value-host.cpu')).toHaveText(/^\d+\.\d%$/);
    await expect(page.getByTestId('widget-host.cpu').locator('canvas').first()).toBeVisible();

    const cpu = page.getByTestId('widget-host.cpu');
    const firstTs = await cpu.getAttribute('data-last-ts');
    await expect.poll(() => cpu.getAttribute('data-last-ts')).not.toBe(firstTs);

    const values = page.locator('[data-testid^="widget-value-"]');
    const before = await values.allTextContents();
    await expect.poll(() => values.allTextContents()).not.toEqual(before);
  });

  test('a series pushed to /api/metrics waits in the drawer, is added from it and updates', async ({
    page,
    request,
  }) => {
    const series = `e2e.pushed.${uniqueSuffix()}`;
    const bytes = `${series}.bytes`;
    await openDashboard(page);
    await expect(page.getByTestId(`widget-${series}`)).toHaveCount(0);

    const first = await request.post('/api/metrics', {
      data: {
        samples: [
          { series, value: 42, unit: 'widgets' },
          { series: bytes, value: 2_500_000, unit: 'bytes' },
        ],
      },
    });
    expect(first.status()).toBe(200);
    // Not appended to the board: listed under "Unplaced series", in its name's group.
    await page.getByTestId('unplaced-toggle').click();
    const drawer = page.getByTestId('unplaced-drawer');
    await drawer.getByTestId('unplaced-search').fill(series);
    const item = drawer.locator(`[data-testid="unplaced-item"][data-series="${series}"]`);
    await expect(item).toBeVisible();
    await expect(drawer.getByTestId('unplaced-group')).toContainText('e2e');
    await expect(page.getByTestId(`widget-${series}`)).toHaveCount(0);
    await item.getByTestId('unplaced-add').click();
    await expect(item).toHaveCount(0);
    await drawer.locator(`[data-series="${bytes}"]`).getByTestId('unplaced-add').click();

    const widget = page.getByTestId(`widget-${series}`);
    await expect(page.getByTestId(`widget-value-${series}`)).toHaveText('42 widgets');
    await expect(widget).toContainText('widgets');
    await expect(page.getByTestId(`widget-value-${bytes}`)).toHaveText('2.50 MB');

    const second = await request.post('/api/metrics', {
      data: { samples: [{ series, value: 43.5 }] },
    });
    expect(second.status()).toBe(200);
    await expect(page.getByTestId(`widget-value-${series}`)).toHaveText('43.5 widgets');
    await expect(widget).toHaveAttribute('data-points', '2');
  });

  test('a removed widget stays removed after a reload and for others; it comes back from the drawer', async ({
    browser,
    page,
    request,
  }) => {
    const series = `e2e.removed.${uniqueSuffix()}`;
    await request.post('/api/metrics', { data: { samples: [{ series, value: 7 }] } });
    await placeSeries(request, series);
    await openDashboard(page);
    const widget = page.locator(`[data-widget-id="d-${series}"]`);
    await expect(widget).toBeVisible();
    await page.getByTestId('edit-layout').click();
    await widget.getByTestId('widget-remove').click();
    await expect(widget).toHaveCount(0);
    await expect
      .poll(async () => JSON.stringify(await (await request.get('/api/layout')).json()))
      .not.toContain(series);

    // More samples, a reload, another person: it does not come back by itself.
    await request.post('/api/metrics', { data: { samples: [{ series, value: 8 }] } });
    await page.reload();
    await expect(page.getByTestId('status-stream')).toHaveText('live');
    const other = await browser.newPage();
    try {
      await openDashboard(other);
      await expect(other.getByTestId('widget-host.cpu')).toBeVisible();
      await expect(other.locator(`[data-widget-id="d-${series}"]`)).toHaveCount(0);
    } finally {
      await other.close();
    }
    await expect(page.getByTestId('widget-host.cpu')).toBeVisible();
    await expect(widget).toHaveCount(0);

    // It is in the drawer, from where it comes back.
    await page.getByTestId('unplaced-toggle').click();
    await page.getByTestId('unplaced-search').fill(series);
    const item = page.locator(`[data-testid="unplaced-item"][data-series="${series}"]`);
    await item.getByTestId('unplaced-add').click();
    await expect(widget).toBeVisible();
    await expect(page.getByTestId(`widget-value-${series}`)).toHaveText('8');
    await page.reload();
    await expect(widget).toBeVisible();
  });
});
