import { watchCsp } from './csp-guard';
import { openDashboard, twoPeople, uniqueSuffix } from './helpers';
import { expect, type Page, placeSeries, test } from './test';

/** The ids of the widgets on the board, in order. */
function widgetOrder(page: Page): Promise<string[]> {
  return page
    .getByTestId('dashboard-grid')
    .locator('[data-widget-id]')
    .evaluateAll((els) => els.map((el) => el.getAttribute('data-widget-id') ?? ''));
}

test.describe('widgets and the shared layout', () => {
  test('a layout change in one browser is seen live in another, persists, and thresholds colour the widget', async ({
    browser,
    request,
  }) => {
    // Two browsers and a dozen round trips: longer than the default on a shared 2-core machine.
    test.setTimeout(150_000);
    const series = `e2e.widget.${uniqueSuffix()}`;
    const push = async (value: number) => {
      const answer = await request.post('/api/metrics', {
        data: { samples: [{ series, value, unit: '%' }] },
      });
      expect(answer.status()).toBe(200);
    };
    await push(10);
    await placeSeries(request, series);
    const { contextA, contextB, a, b } = await twoPeople(browser);
    const cspA = await watchCsp(a);
    const cspB = await watchCsp(b);
    await openDashboard(a);
    await openDashboard(b);
    const id = `d-${series}`;
    const inA = a.locator(`[data-widget-id="${id}"]`);
    const inB = b.locator(`[data-widget-id="${id}"]`);
    await expect(inA).toHaveAttribute('data-kind', 'line');
    await expect(inB).toHaveAttribute('data-kind', 'line');

    await a.getByTestId('edit-layout').click();
    await expect(b.getByTestId('widget-controls')).toHaveCount(0);

    // Kind and size.
    await inA.getByTestId('widget-kind-select').selectOption('gauge');
    await expect(inB).toHaveAttribute('data-kind', 'gauge');
    await expect(inB.getByTestId('widget-gauge')).toBeVisible();
    await inA.getByTestId('widget-size-select').selectOption('l');
    await expect(inB).toHaveAttribute('data-size', 'l');

    // Order: one place earlier (or later when it is first).
    const before = await widgetOrder(b);
    expect(before.length).toBeGreaterThan(1);
    const step = before.indexOf(id) > 0 ? -1 : 1;
    await inA.getByTestId(step < 0 ? 'widget-move-earlier' : 'widget-move-later').click();
    await expect
      .poll(async () => (await widgetOrder(b)).indexOf(id))
      .toBe(before.indexOf(id) + step);

    // Add a stat widget for the same series, then remove it again.
    await a.getByTestId('add-widget-series').selectOption(series);
    await a.getByTestId('add-widget-kind').selectOption('stat');
    await a.getByTestId('add-widget-submit').click();
    const both = b.getByTestId(`widget-${series}`);
    await expect(both).toHaveCount(2);
    await expect(both.and(b.locator('[data-kind="stat"]'))).toHaveCount(1);
    await expect(b.locator('[data-kind="stat"]').getByTestId('widget-sparkline')).toBeVisible();
    const added = a.getByTestId(`widget-${series}`).and(a.locator('[data-kind="stat"]'));
    await added.getByTestId('widget-remove').click();
    await expect(both).toHaveCount(1);

    // Thresholds: amber from warn, red from critical, with a text label.
    await inA.getByTestId('widget-warn-input').fill('50');
    await inA.getByTestId('widget-warn-input').press('Enter');
    await expect(inB.getByTestId('widget-warn-input')).toHaveCount(0); // B is not editing
    // The warn save is stored, and both pages have its version (read on every poll: B may
    // still be catching up), so A's next save is based on it.
    let saved = '';
    await expect
      .poll(async () => {
        const layout = await request.get('/api/layout').then((r) => r.json());
        saved = String(layout.version);
        return layout.widgets;
      })
      .toContainEqual(expect.objectContaining({ id, warn: 50 }));
    for (const page of [a, b]) {
      await expect(page.getByTestId('dashboard-grid')).toHaveAttribute('data-version', saved);
    }
    await inA.getByTestId('widget-critical-input').fill('90');
    await inA.getByTestId('widget-critical-input').press('Enter');
    await expect
      .poll(async () => (await request.get('/api/layout').then((r) => r.json())).widgets)
      .toContainEqual(expect.objectContaining({ id, warn: 50, critical: 90 }));
    await expect(inB).toHaveAttribute('data-level', 'ok');
    await push(50);
    await expect(inB).toHaveAttribute('data-level', 'warn');
    await expect(inB.getByTestId('widget-level')).toHaveText('Warning');
    await push(95);
    await expect(inB).toHaveAttribute('data-level', 'critical');
    await expect(inB.getByTestId('widget-level')).toHaveText('Critical');
    await expect(inB.getByTestId(`widget-value-${series}`)).toHaveText('95.0%');
    await push(49.9);
    await expect(inB).toHaveAttribute('data-level', 'ok');
    await expect(inB.getByTestId('widget-level')).toHaveText('');

    // After a reload the layout is still there.
    await b.reload();
    await expect(inB).toHaveAttribute('data-kind', 'gauge');
    await expect(inB).toHaveAttribute('data-size', 'l');
    expect((await widgetOrder(b)).indexOf(id)).toBe(before.indexOf(id) + step);

    expect(await cspA.violations()).toEqual([]);
    expect(await cspB.violations()).toEqual([]);
    expect(cspA.consoleErrors).toEqual([]);
    expect(cspB.consoleErrors).toEqual([]);
    await contextA.close();
    await contextB.close();
  });
});
