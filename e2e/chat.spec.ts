import { joinChat, messagesWith, sendMessage, twoPeople, uniqueSuffix } from './helpers';
import { expect, test } from './test';

test.describe('chat', () => {
  test('two people see each other, typing, and every message exactly once', async ({ browser }) => {
    const id = uniqueSuffix();
    const [nameA, nameB] = [`Ada-${id}`, `Bo-${id}`];
    const { contextA, contextB, a, b } = await twoPeople(browser);
    await joinChat(a, nameA);
    await joinChat(b, nameB);

    await expect(a.getByTestId('chat-online')).toContainText(nameB);
    await expect(b.getByTestId('chat-online')).toContainText(nameA);

    await a.getByTestId('chat-input').pressSequentially('hel');
    await expect(b.getByTestId('chat-typing')).toContainText(`${nameA} is typing`);

    const hello = `hello from A ${id}`;
    await sendMessage(a, hello);
    await expect(messagesWith(b, hello)).toHaveCount(1);
    await expect(messagesWith(a, hello)).toHaveCount(1);
    await expect(messagesWith(a, hello)).toHaveAttribute('data-pending', 'false');
    await expect(b.getByTestId('chat-typing')).toHaveText('');

    const reply = `reply from B ${id}`;
    await sendMessage(b, reply);
    await expect(messagesWith(a, reply)).toHaveCount(1);
    await expect(messagesWith(b, reply)).toHaveCount(1);
    await expect(messagesWith(b, hello)).toHaveCount(1);

    await contextB.close();
    await expect(a.getByTestId('chat-online')).not.toContainText(nameB);
    await contextA.close();
  });

  test('message text is shown as text, never as markup', async ({ browser }) => {
    const id = uniqueSuffix();
    const { contextA, contextB, a, b } = await twoPeople(browser);
    await joinChat(a, `Mal-${id}`);
    await joinChat(b, `Vic-${id}`);

    const markup = `<img src=x onerror="window.__pwned=1"><b>bold ${id}</b>`;
    await sendMessage(a, markup);
    await expect(messagesWith(b, `bold ${id}`)).toHaveCount(1);
    await expect(messagesWith(b, `bold ${id}`).locator('.chat-text')).toHaveText(markup);
    await expect(b.getByTestId('chat-messages').locator('img, b')).toHaveCount(0);
    expect(await b.evaluate(() => (window as { __pwned?: number }).__pwned)).toBeUndefined();

    await contextA.close();
    await contextB.close();
  });
});
