import { watchCsp } from './csp-guard';
import { expectStatus, joinChat, messagesWith, sendMessage, uniqueSuffix } from './helpers';
import { expect, test } from './test';

/** Issue 13: two tabs are two people, names are held, the chat reads before joining. */
test.describe('names per tab', () => {
  test('two tabs of one browser chat as two people, each name shown in both tabs', async ({
    browser,
  }) => {
    const id = uniqueSuffix();
    const context = await browser.newContext();
    const ann = await context.newPage();
    const csp = await watchCsp(ann);
    await joinChat(ann, `Ann-${id}`);

    const ben = await context.newPage();
    await ben.goto('/');
    // A new tab proposes the browser's last name, and changing it touches no other tab.
    await expect(ben.getByTestId('chat-name-input')).toHaveValue(`Ann-${id}`);
    await ben.getByTestId('chat-name-input').fill(`Ben-${id}`);
    await ben.getByTestId('chat-name-submit').click();
    await expectStatus(ben, 'chat', 'live');
    await expect(ann.getByTestId('chat-self')).toHaveText(`Ann-${id}`);
    await expect(ben.getByTestId('chat-self')).toHaveText(`Ben-${id}`);

    await sendMessage(ann, `from ann ${id}`);
    await sendMessage(ben, `from ben ${id}`);
    for (const page of [ann, ben]) {
      await expect(messagesWith(page, `from ann ${id}`).locator('.chat-author')).toHaveText(
        `Ann-${id}`,
      );
      await expect(messagesWith(page, `from ben ${id}`).locator('.chat-author')).toHaveText(
        `Ben-${id}`,
      );
      await expect(page.getByTestId('chat-online')).toContainText(`Ann-${id}`);
      await expect(page.getByTestId('chat-online')).toContainText(`Ben-${id}`);
    }
    // Each sees the other's message as the other's, not its own.
    await expect(messagesWith(ann, `from ben ${id}`)).not.toHaveClass(/\bmine\b/);
    await expect(messagesWith(ben, `from ann ${id}`)).not.toHaveClass(/\bmine\b/);
    // A reload keeps each tab's own name.
    await ben.reload();
    await expectStatus(ben, 'chat', 'live');
    await expect(ben.getByTestId('chat-self')).toHaveText(`Ben-${id}`);
    expect(await csp.violations()).toEqual([]);
    await context.close();
  });

  test('another browser taking a held name is refused and offered another', async ({ browser }) => {
    const id = uniqueSuffix();
    const holder = await browser.newContext();
    const carol = await holder.newPage();
    await joinChat(carol, `Carol-${id}`);

    const other = await browser.newContext();
    const page = await other.newPage();
    await page.goto('/');
    await page.getByTestId('chat-name-input').fill(`carol-${id}`);
    await page.getByTestId('chat-name-submit').click();
    await expect(page.getByTestId('chat-name-taken')).toContainText(`“carol-${id}” is taken`);
    await expect(page.getByTestId('chat-name-input')).toHaveValue(`carol-${id}-2`);
    await page.getByTestId('chat-name-submit').click();
    await expectStatus(page, 'chat', 'live');
    await expect(page.getByTestId('chat-self')).toHaveText(`carol-${id}-2`);
    await sendMessage(page, `not carol ${id}`);
    await expect(messagesWith(carol, `not carol ${id}`).locator('.chat-author')).toHaveText(
      `carol-${id}-2`,
    );
    await holder.close();
    await other.close();
  });

  test('before joining the chat is readable, live, and the pill is not a red offline', async ({
    browser,
  }) => {
    const id = uniqueSuffix();
    const reader = await browser.newContext();
    const page = await reader.newPage();
    await page.goto('/');
    const pill = page.getByTestId('status-chat');
    await expect(pill).toHaveAttribute('data-status', 'idle');
    await expect(pill).toHaveText('not joined');
    await expect(page.getByTestId('chat-input')).toHaveCount(0);

    const writer = await browser.newContext();
    const other = await writer.newPage();
    await joinChat(other, `Writer-${id}`);
    await sendMessage(other, `read me ${id}`);
    await expect(messagesWith(page, `read me ${id}`)).toHaveCount(1);
    // A reader is not online.
    await expect(other.getByTestId('chat-online')).not.toContainText('guest-');
    await reader.close();
    await writer.close();
  });

  test('on a phone the dashboard and the chat are one tap each', async ({ browser }) => {
    const context = await browser.newContext({ viewport: { width: 390, height: 844 } });
    const page = await context.newPage();
    await joinChat(page, `Phone-${uniqueSuffix()}`);
    await expect(page.getByTestId('widget-host.cpu')).toBeVisible();
    await page.getByTestId('phone-chat-tab').click();
    await expect(page.getByTestId('chat-input')).toBeInViewport();
    await page.getByRole('link', { name: 'Dashboard', exact: true }).click();
    await expect(page.getByTestId('widget-host.cpu')).toBeInViewport();
    await context.close();
  });
});
