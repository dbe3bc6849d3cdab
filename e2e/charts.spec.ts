import { watchCsp } from './csp-guard';
import { openDashboard, uniqueSuffix } from './helpers';
import { type APIRequestContext, expect, placeSeries, test } from './test';

type Sample = { value: number; ts: number; unit?: string };

/** Pushes samples of `series`, checks the answer and places the series on the board. */
async function push(request: APIRequestContext, series: string, samples: Sample[]) {
  const answer = await request.post('/api/metrics', {
    data: { samples: samples.map((s) => ({ series, ...s })) },
  });
  expect(answer.status()).toBe(200);
  await placeSeries(request, series);
}

const HOUR_MS = 3_600_000;

test.describe('honest charts: time axis, gaps, zoom and thresholds', () => {
  test('the x-axis spans the chosen range and a lone sample is drawn as a point', async ({
    page,
    request,
  }) => {
    const csp = await watchCsp(page);
    const series = `e2e.axis.${uniqueSuffix()}`;
    await push(request, series, [{ value: 3, ts: Date.now() - 60_000 }]);
    await page.goto('/?range=1h');
    // The page starts on the default range and reads the URL once mounted: wait for the hour.
    await expect(page.getByTestId('range-1h')).toHaveAttribute('aria-pressed', 'true');
    await expect(page.getByTestId('range-mode')).toHaveAttribute('data-status', 'ready');
    const chart = page.getByTestId(`chart-${series}`);
    await expect(chart).toHaveAttribute('data-points', '1');
    // One sample a minute old: the axis still covers the whole hour, ending now.
    await expect
      .poll(async () => {
        const from = Number(await chart.getAttribute('data-x-from'));
        const to = Number(await chart.getAttribute('data-x-to'));
        return Math.abs(to - from - HOUR_MS) <= 2 && Math.abs(to - Date.now()) < 60_000;
      })
      .toBe(true);
    expect(await csp.violations()).toEqual([]);
  });

  test('a pause in the data is drawn as a gap, not bridged', async ({ page, request }) => {
    const series = `e2e.gap.${uniqueSuffix()}`;
    const t0 = Date.now() - 120_000;
    await push(request, series, [
      { value: 1, ts: t0 },
      { value: 2, ts: t0 + 1000 },
      { value: 3, ts: t0 + 2000 },
      { value: 4, ts: t0 + 3000 },
      // Ninety seconds of silence, then two more samples.
      { value: 5, ts: t0 + 93_000 },
      { value: 6, ts: t0 + 94_000 },
    ]);
    await openDashboard(page);
    const chart = page.getByTestId(`chart-${series}`);
    await expect(chart).toHaveAttribute('data-points', '6');
    await expect(chart).toHaveAttribute('data-gaps', '1');
  });

  test('a drag across a chart zooms, the URL follows, and Reset zoom goes back', async ({
    page,
    request,
  }) => {
    const series = `e2e.zoom.${uniqueSuffix()}`;
    const now = Date.now();
    await push(
      request,
      series,
      Array.from({ length: 10 }, (_, i) => ({ value: i, ts: now - 100_000 + i * 10_000 })),
    );
    await openDashboard(page);
    const chart = page.getByTestId(`chart-${series}`);
    await expect(chart).toHaveAttribute('data-points', '10');
    await chart.scrollIntoViewIfNeeded();
    const over = chart.locator('.u-over');
    const box = await over.boundingBox();
    if (!box) throw new Error('the chart has no plot area');
    const y = box.y + box.height / 2;
    await page.mouse.move(box.x + box.width * 0.25, y);
    await page.mouse.down();
    await page.mouse.move(box.x + box.width * 0.5, y, { steps: 5 });
    await page.mouse.move(box.x + box.width * 0.75, y, { steps: 5 });
    await page.mouse.up();
    await expect(page).toHaveURL(/[?&]from=\d+&to=\d+/);
    const url = new URL(page.url());
    const from = Number(url.searchParams.get('from'));
    const to = Number(url.searchParams.get('to'));
    // Half of the five-minute axis was dragged over: about 150 s, inside the last five minutes.
    expect(to - from).toBeGreaterThan(60_000);
    expect(to - from).toBeLessThan(240_000);
    expect(to).toBeLessThanOrEqual(Date.now());
    await expect(page.getByTestId('range-custom')).toHaveAttribute('aria-pressed', 'true');
    const zoomed = page.getByTestId(`chart-${series}`);
    await expect(zoomed).toHaveAttribute('data-x-from', String(from));
    await expect(zoomed).toHaveAttribute('data-x-to', String(to));

    await page.getByTestId('range-reset').click();
    await expect(page.getByTestId('range-5m')).toHaveAttribute('aria-pressed', 'true');
    await expect(page).not.toHaveURL(/from=/);
    await expect(page.getByTestId('range-reset')).toHaveCount(0);

    // Pan earlier: a custom range half a span back; Later never passes now.
    await page.getByTestId('range-pan-earlier').click();
    await expect(page).toHaveURL(/[?&]from=\d+&to=\d+/);
    await expect(page.getByTestId('range-reset')).toBeVisible();
  });

  test('thresholds are typed in the series unit ("2 GB") and drawn on the chart', async ({
    page,
    request,
  }) => {
    const csp = await watchCsp(page);
    const series = `e2e.threshold.${uniqueSuffix()}`;
    const now = Date.now();
    await push(request, series, [
      { value: 1.8e9, ts: now - 3000, unit: 'bytes' },
      { value: 2.2e9, ts: now - 2000, unit: 'bytes' },
    ]);
    await openDashboard(page);
    const widget = page.locator(`[data-widget-id="d-${series}"]`);
    await expect(widget.getByTestId(`chart-${series}`)).toHaveAttribute('data-points', '2');
    await page.getByTestId('edit-layout').click();
    const warn = widget.getByTestId('widget-warn-input');

    // Not a value: refused in place, with the suffixes bytes take; nothing saved.
    await warn.fill('2 parsecs');
    await warn.press('Enter');
    await expect(warn).toHaveAttribute('aria-invalid', 'true');
    await expect(widget.getByRole('alert')).toContainText('GB');

    await warn.fill('2 GB');
    await warn.press('Enter');
    await expect
      .poll(async () => {
        const layout = (await (await request.get('/api/layout')).json()) as {
          widgets: { series: string; warn?: number }[];
        };
        return layout.widgets.find((w) => w.series === series)?.warn;
      })
      .toBe(2e9);
    await expect(widget.getByTestId('widget-warn-input')).toHaveValue('2.00 GB');
    await expect(widget).toHaveAttribute('data-level', 'warn');
    await expect(widget.getByTestId(`chart-${series}`)).toHaveAttribute('data-thresholds', 'warn');
    expect(await csp.violations()).toEqual([]);
  });
});
