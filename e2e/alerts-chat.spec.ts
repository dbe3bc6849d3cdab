import { boardWithOneSeries, expectStatus, messagesWith, sendMessage } from './helpers';
import { expect, test } from './test';

test.describe('alerts in the chat', () => {
  test("a value over a rule's threshold posts in the board's room, with a link to that moment and a marker on the chart", async ({
    page,
    request,
  }) => {
    test.setTimeout(90_000);
    const { slug, series, widget, suffix } = await boardWithOneSeries(request, 'Alerts');
    const rule = await request.post('/api/alert-rules', {
      data: {
        series,
        condition: 'above',
        threshold: 90,
        forMs: 0,
        severity: 'critical',
        board: slug,
        name: 'E2E queue',
      },
    });
    expect(rule.status()).toBe(201);
    const { id } = (await rule.json()) as { id: number };
    try {
      await page.goto(`/b/${slug}`);
      await expectStatus(page, 'stream', 'live');
      await page.getByTestId('chat-name-input').fill(`ann${suffix}`.slice(0, 24));
      await page.getByTestId('chat-name-submit').click();
      await expectStatus(page, 'chat', 'live');

      expect(
        (
          await request.post('/api/metrics', { data: { samples: [{ series, value: 95 }] } })
        ).status(),
      ).toBe(200);
      const message = page.getByTestId('chat-message').filter({ hasText: series });
      await expect(message).toHaveCount(1);
      await expect(message).toHaveAttribute('data-system', 'true');
      await expect(message.getByTestId('chat-system')).toBeVisible();
      await expect(message).toContainText('Pulseboard');
      await expect(message).toContainText('95');
      // The link opens that moment of the board, the widget highlighted.
      await message.getByTestId('chat-dashboard-link').click();
      await expect(page).toHaveURL(new RegExp(`/b/${slug}\\?from=\\d+&to=\\d+&widget=`));
      await expect(page.locator(`[data-widget-id="${widget.id}"]`)).toHaveAttribute(
        'data-highlighted',
        'true',
      );
      // The firing marked the timeline (live as `event: annotation`, e2e/annotations-live.spec.ts;
      // after a reload the page reads it back from the list).
      await page.reload();
      await expectStatus(page, 'stream', 'live');
      const markers = page
        .getByTestId(`chart-${series}`)
        .locator('[data-testid="annotation-marker"]');
      await expect(markers.and(page.locator('[title="E2E queue firing"]'))).toHaveCount(1);

      // A message pinned from the chat marks the timeline at once, with its text (the reload
      // kept this tab's name).
      await expectStatus(page, 'chat', 'live');
      await sendMessage(page, `restarted the queue ${suffix}`);
      const mine = messagesWith(page, `restarted the queue ${suffix}`);
      await expect(mine).toHaveAttribute('data-pending', 'false');
      await mine.getByTestId('chat-pin').click();
      await expect(mine.getByTestId('chat-pin')).toHaveText('Pinned');
      await expect(
        markers.and(page.locator(`[title$="restarted the queue ${suffix}"]`)),
      ).toHaveCount(1);
    } finally {
      expect((await request.delete(`/api/alert-rules/${id}`)).status()).toBe(204);
      expect((await request.delete(`/api/boards/${slug}`)).status()).toBe(204);
    }
  });
});
