import { BUILT_IN_SERIES, openDashboard, uniqueSuffix } from './helpers';
import { expect, test } from './test';

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

  test('a series pushed to /api/metrics appears by itself and updates', async ({
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
});
