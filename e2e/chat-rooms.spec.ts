import type { APIRequestContext, Page } from '@playwright/test';
import { expectStatus, messagesWith, sendMessage, uniqueSuffix } from './helpers';
import { expect, test } from './test';

/** Makes a board named `name` and resolves with its slug. */
async function createBoard(request: APIRequestContext, name: string): Promise<string> {
  const response = await request.post('/api/boards', { data: { name } });
  expect(response.status()).toBe(201);
  return ((await response.json()) as { slug: string }).slug;
}

/** Opens a board's page and joins its chat as `name` (once hydrated: the stream is live). */
async function joinBoardChat(page: Page, slug: string, name: string): Promise<void> {
  await page.goto(`/b/${slug}`);
  await expectStatus(page, 'stream', 'live');
  await page.getByTestId('chat-name-input').fill(name);
  await page.getByTestId('chat-name-submit').click();
  await expectStatus(page, 'chat', 'live');
}

/** Sends `text` and waits until the server confirmed it (no longer pending). */
async function sayConfirmed(page: Page, text: string): Promise<void> {
  await sendMessage(page, text);
  await expect(messagesWith(page, text)).toHaveAttribute('data-pending', 'false');
}

test.describe('chat rooms', () => {
  test("two tabs on two boards each see only their board's room, and general is one click away", async ({
    context,
    request,
  }) => {
    const suffix = uniqueSuffix();
    const ops = await createBoard(request, `Ops ${suffix}`);
    const web = await createBoard(request, `Web ${suffix}`);
    const a = await context.newPage();
    const b = await context.newPage();
    await joinBoardChat(a, ops, `ann${suffix}`.slice(0, 24));
    await joinBoardChat(b, web, `ben${suffix}`.slice(0, 24));
    await expect(a.getByTestId('chat-room-board')).toHaveText(`# Ops ${suffix}`);
    await expect(a.getByTestId('chat-room-board')).toHaveAttribute('aria-pressed', 'true');
    await expect(a.getByTestId('chat-room-general')).toHaveAttribute('aria-pressed', 'false');

    await sayConfirmed(b, `web says ${suffix}`);
    await sayConfirmed(a, `ops says ${suffix}`);
    // Relays leave in id order before a later ack: had a's socket been in web, b's message
    // would be on a's page before a's own was confirmed, and the other way round.
    await sayConfirmed(b, `web again ${suffix}`);
    await expect(messagesWith(a, `web says ${suffix}`)).toHaveCount(0);
    await expect(messagesWith(b, `ops says ${suffix}`)).toHaveCount(0);

    // One click to general: the board's messages go, general's come.
    await a.getByTestId('chat-room-general').click();
    await expect(a.getByTestId('chat-room-general')).toHaveAttribute('aria-pressed', 'true');
    await expectStatus(a, 'chat', 'live');
    await expect(messagesWith(a, `ops says ${suffix}`)).toHaveCount(0);
    await sayConfirmed(a, `general says ${suffix}`);
    await b.getByTestId('chat-room-general').click();
    await expectStatus(b, 'chat', 'live');
    await expect(messagesWith(b, `general says ${suffix}`)).toHaveCount(1);
    await expect(messagesWith(b, `web says ${suffix}`)).toHaveCount(0);
    // And back: the board's room shows its history again.
    await a.getByTestId('chat-room-board').click();
    await expectStatus(a, 'chat', 'live');
    await expect(messagesWith(a, `ops says ${suffix}`)).toHaveCount(1);
    await expect(messagesWith(a, `general says ${suffix}`)).toHaveCount(0);
  });

  test('the default board shows general', async ({ page }) => {
    await page.goto('/');
    await expect(page.getByTestId('chat-room')).toHaveText('# general');
  });
});
