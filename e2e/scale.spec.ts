import { uniqueSuffix } from './helpers';
import { expect, test } from './test';

/** Panels on the test board: far more than fit in the window (and its margin) at 1000x600. */
const PANELS = 40;

test.describe('a board of many panels', () => {
  test('a chart off screen skips new samples and draws them once scrolled into view', async ({
    page,
    request,
  }) => {
    test.setTimeout(90_000);
    const suffix = uniqueSuffix();
    const keys = Array.from({ length: PANELS }, (_, i) => `e2e.scale.${suffix}.${i}`);
    const [first, last] = [keys[0] as string, keys.at(-1) as string];
    const at = Date.now() - 2000;
    const samples = keys.map((series) => ({ series, value: 1, ts: at }));
    expect((await request.post('/api/metrics', { data: { samples } })).status()).toBe(200);
    const created = await request.post('/api/boards', { data: { name: `Scale ${suffix}` } });
    expect(created.status()).toBe(201);
    const { slug } = (await created.json()) as { slug: string };
    const widgets = keys.map((series) => ({ id: `d-${series}`, series, kind: 'line', size: 'm' }));
    const put = await request.put(`/api/boards/${slug}/layout`, {
      data: { baseVersion: 0, widgets },
    });
    expect(put.status()).toBe(200);

    try {
      await page.setViewportSize({ width: 1000, height: 600 });
      await page.goto(`/b/${slug}`);
      const chartOf = (key: string) => page.getByTestId(`chart-${key}`);
      await expect(chartOf(first)).toHaveAttribute('data-points', '1');
      // Made with what was there: every chart, on screen or not, starts drawn.
      await expect(chartOf(last)).toHaveAttribute('data-points', '1');

      const next = [first, last].map((series) => ({ series, value: 42, ts: at + 1000 }));
      expect((await request.post('/api/metrics', { data: { samples: next } })).status()).toBe(200);
      await expect(chartOf(first)).toHaveAttribute('data-points', '2');
      // The far panel has the sample (its value shows it) but its chart did not draw it.
      await expect(page.getByTestId(`widget-value-${last}`)).toContainText('42');
      expect(await chartOf(last).getAttribute('data-points')).toBe('1');

      await chartOf(last).scrollIntoViewIfNeeded();
      await expect(chartOf(last)).toHaveAttribute('data-points', '2');
    } finally {
      expect((await request.delete(`/api/boards/${slug}`)).status()).toBe(204);
    }
  });
});
