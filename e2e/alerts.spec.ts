import { openDashboard, uniqueSuffix } from './helpers';
import { expect, test } from './test';

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
});
