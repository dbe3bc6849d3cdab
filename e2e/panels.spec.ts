import { watchCsp } from './csp-guard';
import { openDashboard, uniqueSuffix } from './helpers';
import { expect, placeSeries, test } from './test';

test.describe('panels of several series', () => {
  test('p50, p95 and p99 on one panel with a legend, a title and a display name, kept after reload', async ({
    page,
    request,
  }) => {
    test.setTimeout(90_000);
    const csp = await watchCsp(page);
    const base = `e2e.latency.${uniqueSuffix()}`;
    const [p50, p95, p99] = ['p50', 'p95', 'p99'].map((q) => `${base}:${q}`) as [
      string,
      string,
      string,
    ];
    const now = Date.now();
    const samples = [p50, p95, p99].flatMap((series, i) =>
      [0, 1, 2].map((k) => ({
        series,
        value: (i + 1) * 100 + k,
        ts: now - 3000 + k * 1000,
        unit: 'ms',
      })),
    );
    expect((await request.post('/api/metrics', { data: { samples } })).status()).toBe(200);
    await placeSeries(request, p50, p95, p99);

    await openDashboard(page);
    const panel = page.locator(`[data-widget-id="d-${p50}"]`);
    await expect(panel.getByTestId(`chart-${p50}`)).toHaveAttribute('data-points', '3');
    await page.getByTestId('edit-layout').click();
    for (const series of [p95, p99]) {
      await panel.getByTestId('panel-series-select').selectOption(series);
      await panel.getByTestId('panel-series-add').click();
      await expect(panel.locator(`[data-series="${series}"]`).first()).toBeVisible();
    }
    const title = panel.getByTestId('widget-title-input');
    await title.fill('Latency');
    await title.press('Enter');
    const p99Name = panel
      .locator(`.panel-series-row[data-series="${p99}"]`)
      .getByTestId('panel-series-name');
    await p99Name.fill('slowest');
    await p99Name.press('Enter');
    await page.getByTestId('edit-layout').click();

    const check = async () => {
      const chart = panel.getByTestId(`chart-${p50}`);
      await expect(chart).toHaveAttribute('data-lines', '3');
      await expect(panel.getByTestId('widget-title-text')).toHaveText('Latency');
      const legend = panel.getByTestId(`legend-${p50}`);
      await expect(legend.locator('tbody tr')).toHaveCount(3);
      const row = (series: string) => legend.locator(`tr[data-series="${series}"]`);
      await expect(row(p99).locator('th')).toHaveText('slowest');
      await expect(row(p50).locator('th')).toHaveText(p50);
      await expect(row(p95).locator('[data-stat="last"]')).toHaveText('202 ms');
      await expect(row(p95).locator('[data-stat="min"]')).toHaveText('200 ms');
      await expect(row(p95).locator('[data-stat="max"]')).toHaveText('202 ms');
      await expect(row(p95).locator('[data-stat="avg"]')).toHaveText('201 ms');
      // Series drawn on the panel get no widget of their own.
      await expect(page.locator(`[data-widget-id="d-${p95}"]`)).toHaveCount(0);
      await expect(page.locator(`[data-widget-id="d-${p99}"]`)).toHaveCount(0);
    };
    await check();
    await page.reload();
    await check();
    expect(await csp.violations()).toEqual([]);
  });

  test('a widget put in a section sits under its heading, which collapses and stays collapsed after reload', async ({
    page,
    request,
  }) => {
    const series = `e2e.section.${uniqueSuffix()}`;
    const section = `Rows ${uniqueSuffix()}`;
    expect(
      (await request.post('/api/metrics', { data: { samples: [{ series, value: 1 }] } })).status(),
    ).toBe(200);
    await placeSeries(request, series);
    await openDashboard(page);
    const widget = page.locator(`[data-widget-id="d-${series}"]`);
    await expect(widget).toBeVisible();
    await page.getByTestId('edit-layout').click();
    const input = widget.getByTestId('widget-section-input');
    await input.fill(section);
    await input.press('Enter');
    await page.getByTestId('edit-layout').click();
    const heading = page.getByTestId(`section-${section}`);
    await expect(heading).toBeVisible();
    const toggle = heading.getByTestId('section-toggle');
    await expect(toggle).toHaveAttribute('aria-expanded', 'true');
    await expect(widget).toBeVisible();

    await toggle.click();
    await expect(toggle).toHaveAttribute('aria-expanded', 'false');
    await expect(widget).toHaveCount(0);
    await page.reload();
    await expect(
      page.getByTestId(`section-${section}`).getByTestId('section-toggle'),
    ).toHaveAttribute('aria-expanded', 'false');
    await expect(widget).toHaveCount(0);
    await page.getByTestId(`section-${section}`).getByTestId('section-toggle').click();
    await expect(widget).toBeVisible();
  });
});
