import { watchCsp } from './csp-guard';
import { joinChat, messagesWith, sendMessage, twoPeople, uniqueSuffix } from './helpers';
import { expect, placeSeries, test } from './test';

test.describe('share to chat', () => {
  test('a widget shared at 1h opens that view, highlighted, in another browser and in another tab', async ({
    browser,
    request,
  }) => {
    const suffix = uniqueSuffix();
    const series = `e2e.share.${suffix}`;
    const answer = await request.post('/api/metrics', {
      data: { samples: [{ series, value: 7 }] },
    });
    expect(answer.status()).toBe(200);
    await placeSeries(request, series);
    const id = `d-${series}`;
    const { contextA, contextB, a, b } = await twoPeople(browser);
    const cspA = await watchCsp(a);
    const cspB = await watchCsp(b);
    await joinChat(a, `Ada-${suffix}`);
    await joinChat(b, `Bo-${suffix}`);
    await a.goto('/?range=1h');
    await expect(a.getByTestId('status-chat')).toHaveText('live');

    await a.locator(`[data-widget-id="${id}"]`).getByTestId('widget-share').click();

    const href = `/?range=1h&widget=${id}`;
    const message = messagesWith(b, `${series} (last 1h)`);
    await expect(message).toHaveCount(1);
    const link = message.getByTestId('chat-dashboard-link');
    await expect(link).toHaveAttribute('href', href);
    await expect(link).toHaveText(href);
    await expect(b.locator('[data-highlighted]')).toHaveCount(0);
    await link.click();
    await expect(b).toHaveURL(href);
    await expect(b.locator(`[data-widget-id="${id}"]`)).toHaveAttribute('data-highlighted', 'true');
    await expect(b.locator(`[data-widget-id="${id}"]`)).toBeInViewport();
    // Same document: the chat stayed connected, no reload.
    await expect(b.getByTestId('status-chat')).toHaveText('live');

    // Another tab of A.
    const a2 = await contextA.newPage();
    await a2.goto('/');
    const linkInA2 = messagesWith(a2, `${series} (last 1h)`).getByTestId('chat-dashboard-link');
    await expect(linkInA2).toHaveAttribute('href', href);
    await linkInA2.click();
    await expect(a2).toHaveURL(href);
    await expect(a2.locator(`[data-widget-id="${id}"]`)).toHaveAttribute(
      'data-highlighted',
      'true',
    );

    // Anything that is not a valid dashboard link stays text.
    const hostile = `not-links-${suffix} /?range=<b>x</b> //evil.com/?range=1h /?range=1h&x=1 javascript:alert(1)`;
    await sendMessage(a, hostile);
    await expect(messagesWith(b, `not-links-${suffix}`)).toHaveCount(1);
    await expect(messagesWith(b, `not-links-${suffix}`).locator('a')).toHaveCount(0);

    expect(await cspA.violations()).toEqual([]);
    expect(await cspB.violations()).toEqual([]);
    expect(cspB.consoleErrors).toEqual([]);
    await contextA.close();
    await contextB.close();
  });
});
