import { openDashboard, uniqueSuffix } from './helpers';
import { expect, placeSeries, test } from './test';

test.describe('alerts and annotations', () => {
  test("a value pushed over a rule's threshold fires, and the chart marks annotations with their text", async ({
    page,
    request,
  }) => {
    const series = `e2e.alert.${uniqueSuffix()}`;
    const created = await request.post('/api/alert-rules', {
      data: {
        series,
        condition: 'above',
        threshold: 90,
        forMs: 0,
        severity: 'critical',
        name: 'E2E hot',
      },
    });
    expect(created.status()).toBe(201);
    const { id } = (await created.json()) as { id: number };
    try {
      const deploy = await request.post('/api/annotations', {
        data: { text: 'deploy v1.4', ts: Date.now() - 30_000 },
      });
      expect(deploy.status()).toBe(201);
      const pushed = await request.post('/api/metrics', {
        data: { samples: [{ series, value: 95 }] },
      });
      expect(pushed.status()).toBe(200);
      await placeSeries(request, series);
      await expect
        .poll(async () => {
          const { alerts } = (await (await request.get('/api/alerts')).json()) as {
            alerts: { rule: { id: number }; status: string; value: number | null }[];
          };
          return alerts.find((a) => a.rule.id === id);
        })
        .toMatchObject({ status: 'firing', value: 95 });

      await openDashboard(page);
      const chart = page.getByTestId(`chart-${series}`);
      const deployMark = chart.locator('[data-testid="annotation-marker"][title="deploy v1.4"]');
      await expect(deployMark).toHaveCount(1);
      await expect(deployMark).toHaveAttribute('aria-label', 'Annotation: deploy v1.4');
      // The firing marked the timeline by itself.
      await expect(
        chart.locator('[data-testid="annotation-marker"][title="E2E hot firing"]'),
      ).toHaveCount(1);
      await deployMark.hover();
    } finally {
      expect((await request.delete(`/api/alert-rules/${id}`)).status()).toBe(204);
    }
  });

  test('the "Notify" switch turns a widget\'s thresholds into rules, and off again', async ({
    page,
    request,
  }) => {
    const series = `e2e.notify.${uniqueSuffix()}`;
    expect(
      (await request.post('/api/metrics', { data: { samples: [{ series, value: 5 }] } })).status(),
    ).toBe(200);
    await placeSeries(request, series);
    const ruleOf = async () => {
      const { rules } = (await (await request.get('/api/alert-rules')).json()) as {
        rules: { id: number; series: string; threshold: number; severity: string }[];
      };
      return rules.filter((r) => r.series === series).map((r) => [r.severity, r.threshold]);
    };
    await openDashboard(page);
    const widget = page.locator(`[data-widget-id="d-${series}"]`);
    await expect(widget.getByTestId(`chart-${series}`)).toBeVisible();
    await page.getByTestId('edit-layout').click();
    const toggle = widget.getByTestId('widget-notify-toggle');
    await expect(toggle).toBeDisabled(); // no threshold yet
    const critical = widget.getByTestId('widget-critical-input');
    await critical.fill('90');
    await critical.press('Enter');
    await expect(toggle).toBeEnabled();
    await toggle.check();
    await expect.poll(ruleOf).toEqual([['critical', 90]]);
    await critical.fill('80');
    await critical.press('Enter');
    await expect.poll(ruleOf).toEqual([['critical', 80]]);
    await toggle.uncheck();
    await expect.poll(ruleOf).toEqual([]);
  });
});
