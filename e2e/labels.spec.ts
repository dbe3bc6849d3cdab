import { watchCsp } from './csp-guard';
import { openDashboard, uniqueSuffix } from './helpers';
import { expect, placeSeries, test } from './test';

/**
 * Labelled series on the page (issue 15): keys holding `{`, `"`, `=` and `,` come in through
 * JSON ingest and the line protocol, are shown as written, found with the picker, drawn from
 * `GET /api/range`, opened from a share link, and leave the board when deleted by key.
 */
test.describe('labelled series', () => {
  test('are shown by key, found with the picker, linked to and deleted', async ({
    page,
    request,
  }) => {
    const measurement = `e2e_lbl_${uniqueSuffix()}`;
    const metric = `${measurement}_cpu`;
    const keyA = `${metric}{core="0",mode="a,b=c"}`;
    const keyB = `${metric}{core="1",mode="idle"}`;
    const now = Date.now();
    const json = await request.post('/api/metrics', {
      data: {
        samples: [
          // Two minutes apart: two points at 1h too (minute rollups).
          {
            series: metric,
            labels: { mode: 'a,b=c', core: '0' },
            value: 1,
            ts: now - 120_000,
            unit: '%',
          },
          { series: metric, labels: { mode: 'a,b=c', core: '0' }, value: 2, ts: now, unit: '%' },
        ],
      },
    });
    expect(json.status()).toBe(200);
    // The line protocol makes the series <measurement>_<field>: `metric` again.
    const line = await request.post('/api/v2/write', {
      headers: { 'Content-Type': 'text/plain; charset=utf-8' },
      data: `${measurement},core=1,mode=idle cpu=5i`,
    });
    expect(line.status()).toBe(204);
    await placeSeries(request, keyA, keyB);

    const csp = await watchCsp(page);
    await openDashboard(page);
    const widgetA = page.getByTestId(`widget-${keyA}`);
    await expect(widgetA).toBeVisible();
    await expect(widgetA.locator('.widget-title')).toHaveText(keyA);
    await expect(page.getByTestId(`widget-${keyB}`)).toBeVisible();

    // The picker finds a series by a label, and shows its key as written.
    const input = page.getByTestId('series-picker-input');
    await input.click();
    await input.fill('core="1"');
    const option = page.getByTestId('series-picker-option');
    await expect(option).toHaveCount(1);
    await expect(option).toHaveAttribute('data-series', keyB);
    await expect(option.locator('.series-picker-name')).toHaveText(keyB);
    await input.press('Enter');
    await expect(page.getByTestId(`widget-${keyB}`).first()).toBeFocused();

    // A link to a labelled series' widget opens it highlighted, its history read by key.
    const id = await widgetA.getAttribute('data-widget-id');
    expect(id).toMatch(/^d-e2e_lbl_[a-z0-9]+_cpu\.[0-9a-z]+$/);
    await page.goto(`/?range=1h&widget=${id}`);
    const linked = page.locator(`[data-widget-id="${id}"]`);
    await expect(linked).toHaveAttribute('data-highlighted', 'true');
    await expect(page.getByTestId(`chart-${keyA}`)).toHaveAttribute('data-points', '2');

    // Deleted by its key elsewhere, its saved widget says so; its sibling stays.
    const gone = await request.delete(`/api/series/${encodeURIComponent(keyA)}`);
    expect(gone.status()).toBe(200);
    await expect(page.getByTestId(`deleted-${keyA}`)).toBeVisible();
    await expect(page.getByTestId(`widget-${keyB}`).first()).toBeVisible();
    expect(await csp.violations()).toEqual([]);
  });
});
