import AxeBuilder from '@axe-core/playwright';
import WebSocket from 'ws';
import { joinChat, messagesWith, sendMessage, twoPeople, uniqueSuffix } from './helpers';
import { expect, type Page, test } from './test';

/** Issue 13: paging, edit and delete, attention, and what a message may hold. */

/** Frames one chat socket may send at once (the server's CHAT_RATE_BURST_FRAMES). */
const BURST_FRAMES = 20;

/**
 * Sends `count` messages in order, each acked before the next, over sockets of one identity,
 * a new one every BURST_FRAMES messages so that no socket is rate limited.
 */
async function seedMessages(prefix: string, count: number): Promise<void> {
  const base = test.info().project.use.baseURL ?? '';
  const url = `${base.replace(/^http/, 'ws')}/ws/chat?name=${prefix}&key=${prefix}-seed-key`;
  for (let start = 0; start < count; start += BURST_FRAMES) {
    const ws = new WebSocket(url);
    const acks: ((v: unknown) => void)[] = [];
    ws.on('message', (data) => {
      if ((JSON.parse(data.toString()) as { type: string }).type === 'ack') acks.shift()?.(null);
    });
    await new Promise((resolve, reject) => {
      ws.once('open', resolve);
      ws.once('error', reject);
    });
    for (let i = start; i < Math.min(count, start + BURST_FRAMES); i++) {
      const acked = new Promise((resolve) => acks.push(resolve));
      ws.send(JSON.stringify({ type: 'message', text: `${prefix} ${i}` }));
      await acked;
    }
    await new Promise((resolve) => {
      ws.once('close', resolve);
      ws.close();
    });
  }
}

const listOf = (page: Page) => page.getByTestId('chat-messages');

test.describe('chat history and messages', () => {
  test('scrolling up loads older messages and keeps the message in view in place', async ({
    page,
  }) => {
    const prefix = `page${uniqueSuffix()}`;
    await seedMessages(prefix, 80);
    let release: () => void = () => {};
    const held = new Promise<void>((resolve) => {
      release = resolve;
    });
    await page.route('**/api/chat/messages?*', async (route) => {
      await held;
      await route.continue();
    });
    await page.goto('/');
    await expect(messagesWith(page, `${prefix} 79`)).toHaveCount(1);
    await expect(page.getByTestId('chat-message')).toHaveCount(50);
    const anchor = page.getByTestId('chat-message').first();
    const anchorId = await anchor.getAttribute('data-id');
    const anchored = page.locator(`[data-testid="chat-message"][data-id="${anchorId}"]`);

    const requested = page.waitForRequest('**/api/chat/messages?*');
    await listOf(page).evaluate((el) => {
      el.scrollTop = 0;
    });
    await requested;
    const before = (await anchored.boundingBox())?.y ?? Number.NaN;
    release();
    // The page before the first held message: the 30 older seeded ones at least.
    await expect(messagesWith(page, `${prefix} 0`)).toHaveCount(1);
    const after = (await anchored.boundingBox())?.y ?? Number.NaN;
    expect(Math.abs(after - before)).toBeLessThanOrEqual(2);
  });

  test('edit and delete reach the other person live and are kept after a reload', async ({
    browser,
  }) => {
    const id = uniqueSuffix();
    const { contextA, contextB, a, b } = await twoPeople(browser);
    await joinChat(a, `Eda-${id}`);
    await joinChat(b, `Edb-${id}`);
    await sendMessage(a, `helo ${id}`);
    await sendMessage(a, `to delete ${id}`);
    await expect(messagesWith(b, `to delete ${id}`)).toHaveCount(1);

    const mine = messagesWith(a, `helo ${id}`);
    await mine.getByRole('button', { name: 'Edit' }).click();
    await a.getByTestId('chat-edit-input').fill(`hello ${id}`);
    await a.getByTestId('chat-edit-input').press('Enter');
    await expect(messagesWith(b, `hello ${id}`).getByTestId('chat-edited')).toHaveText('(edited)');
    await expect(messagesWith(b, `helo ${id}`)).toHaveCount(0);
    // Others' messages offer no edit or delete (only Pin, to mark the timeline).
    await expect(messagesWith(b, `hello ${id}`).getByRole('button')).toHaveText(['Pin']);

    await messagesWith(a, `to delete ${id}`).getByRole('button', { name: 'Delete' }).click();
    await expect(messagesWith(b, `to delete ${id}`)).toHaveCount(0);
    await expect(messagesWith(a, `to delete ${id}`)).toHaveCount(0);

    await b.reload();
    await expect(messagesWith(b, `hello ${id}`).getByTestId('chat-edited')).toHaveCount(1);
    await expect(messagesWith(b, `to delete ${id}`)).toHaveCount(0);
    await contextA.close();
    await contextB.close();
  });

  test('a mention raises the unread count and, when allowed, a notification', async ({
    browser,
  }) => {
    const id = uniqueSuffix();
    const { contextA, contextB, a, b } = await twoPeople(browser);
    await contextB.grantPermissions(['notifications']);
    await b.addInitScript(() => {
      const Real = window.Notification;
      const shown: { title: string; body?: string }[] = [];
      (window as { __shown?: typeof shown }).__shown = shown;
      window.Notification = class extends Real {
        constructor(title: string, options?: NotificationOptions) {
          shown.push({ title, ...(options?.body ? { body: options.body } : {}) });
          super(title, options);
        }
      } as typeof Notification;
    });
    await joinChat(a, `Men-${id}`);
    await joinChat(b, `Tion-${id}`);
    await b.getByTestId('chat-notify').click();
    await expect(b.getByTestId('chat-notify')).toHaveAttribute('aria-pressed', 'true');
    const title = await b.title();

    await b.evaluate(() => {
      Object.defineProperty(document, 'visibilityState', {
        configurable: true,
        get: () => 'hidden',
      });
      document.dispatchEvent(new Event('visibilitychange'));
    });
    await sendMessage(a, `look @tion-${id}, here`);
    await expect(b.getByTestId('chat-unread')).toContainText('1');
    await expect.poll(() => b.title()).toBe(`(1) ${title}`);
    await expect(messagesWith(b, `look @tion-${id}`)).toHaveAttribute('data-mentioned', 'true');
    await expect(messagesWith(b, `look @tion-${id}`).locator('mark')).toHaveText(`@tion-${id}`);
    await expect
      .poll(() => b.evaluate(() => (window as { __shown?: unknown[] }).__shown))
      .toEqual([{ title: `Men-${id} mentioned you`, body: `look @tion-${id}, here` }]);

    await b.evaluate(() => {
      Object.defineProperty(document, 'visibilityState', {
        configurable: true,
        get: () => 'visible',
      });
      document.dispatchEvent(new Event('visibilitychange'));
    });
    await expect(b.getByTestId('chat-unread')).toHaveCount(0);
    await expect.poll(() => b.title()).toBe(title);
    await contextA.close();
    await contextB.close();
  });

  test('links are http(s) only and shown as written; javascript: stays text', async ({
    browser,
  }) => {
    const id = uniqueSuffix();
    const { contextA, contextB, a, b } = await twoPeople(browser);
    await joinChat(a, `Lnk-${id}`);
    await joinChat(b, `Rdr-${id}`);
    const text = `javascript:alert(1) and https://example.com/a?b=${id} ${id}`;
    await sendMessage(a, text);
    for (const page of [a, b]) {
      const message = messagesWith(page, `https://example.com/a?b=${id}`);
      await expect(message.locator('.chat-text')).toContainText(text);
      await expect(message.locator('a')).toHaveCount(1);
      const link = message.locator('a');
      await expect(link).toHaveAttribute('href', `https://example.com/a?b=${id}`);
      await expect(link).toHaveText(`https://example.com/a?b=${id}`);
      await expect(link).toHaveAttribute('rel', 'noopener noreferrer nofollow');
      expect(await page.locator('a[href^="javascript" i]').count()).toBe(0);
    }
    await contextA.close();
    await contextB.close();
  });

  test('Shift+Enter writes lines, /me reads the same to all, the counter shows near the limit', async ({
    browser,
  }) => {
    const id = uniqueSuffix();
    const { contextA, contextB, a, b } = await twoPeople(browser);
    await joinChat(a, `Me-${id}`);
    await joinChat(b, `You-${id}`);
    const input = a.getByTestId('chat-input');
    await input.pressSequentially(`line one ${id}`);
    await input.press('Shift+Enter');
    await input.pressSequentially('line two');
    await input.press('Enter');
    await expect(messagesWith(b, `line one ${id}`).locator('.chat-text')).toHaveText(
      `line one ${id}\nline two`,
    );
    await sendMessage(a, `/me waves ${id}`);
    for (const page of [a, b]) {
      await expect(messagesWith(page, `waves ${id}`).locator('.chat-text')).toHaveText(
        `* Me-${id} waves ${id}`,
      );
    }
    await expect(a.getByTestId('chat-counter')).toHaveCount(0);
    await input.fill('x'.repeat(1990));
    await expect(a.getByTestId('chat-counter')).toHaveText('10 left');
    await input.fill('x'.repeat(2003));
    await expect(a.getByTestId('chat-counter')).toHaveText('3 too many');
    await expect(a.getByRole('button', { name: 'Send' })).toBeDisabled();
    // axe stays clean with the new parts on screen (counter, edited mark, action, links).
    const results = await new AxeBuilder({ page: a })
      .withTags(['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa'])
      .analyze();
    expect(
      results.violations
        .filter((v) => v.impact === 'serious' || v.impact === 'critical')
        .map((v) => v.id),
    ).toEqual([]);
    await contextA.close();
    await contextB.close();
  });
});
