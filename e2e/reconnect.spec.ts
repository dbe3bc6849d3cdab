import {
  expectStatus,
  joinChat,
  messagesWith,
  sendMessage,
  twoPeople,
  uniqueSuffix,
} from './helpers';
import { expect, placeSeries, test } from './test';

test.describe('reconnect', () => {
  test('a reload keeps the name and shows the history once, with the stream live', async ({
    browser,
  }) => {
    const id = uniqueSuffix();
    const [nameA, nameB] = [`Rae-${id}`, `Sam-${id}`];
    const { contextA, contextB, a, b } = await twoPeople(browser);
    await joinChat(a, nameA);
    await joinChat(b, nameB);
    const texts = [`one ${id}`, `two ${id}`, `three ${id}`];
    for (const text of texts) await sendMessage(a, text);
    for (const text of texts) await expect(messagesWith(b, text)).toHaveCount(1);

    await b.reload();
    await expectStatus(b, 'chat', 'live');
    await expectStatus(b, 'stream', 'live');
    await expect(b.getByTestId('chat-name-input')).toHaveCount(0);
    await expect(b.getByTestId('chat-online')).toContainText(nameB);
    for (const text of texts) await expect(messagesWith(b, text)).toHaveCount(1);
    await expect(b.getByTestId('widget-server.rss')).toBeVisible();

    await contextA.close();
    await contextB.close();
  });

  test('after a network drop both channels resume without loss or duplicates', async ({
    browser,
    request,
  }) => {
    const id = uniqueSuffix();
    const series = `e2e.resume.${id}`;
    const { contextA, contextB, a, b } = await twoPeople(browser);
    await joinChat(a, `Uma-${id}`);
    await joinChat(b, `Vi-${id}`);
    await expectStatus(a, 'stream', 'live');
    const before = `before ${id}`;
    await sendMessage(a, before);
    await expect(messagesWith(b, before)).toHaveCount(1);
    await placeSeries(request, series);
    await request.post('/api/metrics', { data: { samples: [{ series, value: 1 }] } });
    await expect(a.getByTestId(`widget-value-${series}`)).toHaveText('1');

    await contextA.setOffline(true);
    await expectStatus(a, 'chat', 'offline');
    await expectStatus(a, 'stream', 'offline');
    const whileOffline = `sent while offline ${id}`;
    await sendMessage(a, whileOffline);
    await expect(messagesWith(a, whileOffline)).toHaveAttribute('data-pending', 'true');
    const missed = `missed by A ${id}`;
    await sendMessage(b, missed);
    await request.post('/api/metrics', { data: { samples: [{ series, value: 2 }] } });

    const resumed = a.waitForRequest((r) => /\/api\/stream\?lastEventId=\d+/.test(r.url()));
    await contextA.setOffline(false);
    await resumed;
    await expectStatus(a, 'chat', 'live');
    await expectStatus(a, 'stream', 'live');
    await expect(a.getByTestId(`widget-value-${series}`)).toHaveText('2');
    await expect(a.getByTestId(`widget-${series}`)).toHaveAttribute('data-points', '2');
    await expect(messagesWith(a, missed)).toHaveCount(1);
    await expect(messagesWith(a, whileOffline)).toHaveAttribute('data-pending', 'false');
    await expect(messagesWith(b, whileOffline)).toHaveCount(1);
    await expect(messagesWith(a, before)).toHaveCount(1);

    await contextA.close();
    await contextB.close();
  });

  test('after a 1001 close with an ack lost, the resent message is stored and shown once', async ({
    browser,
  }) => {
    const id = uniqueSuffix();
    const { contextA, contextB, a, b } = await twoPeople(browser);
    // Stand between A and the server: drop acks while `dropAcks`, and close like a restart.
    let dropAcks = false;
    const restarts: (() => Promise<void>)[] = [];
    await a.routeWebSocket(/\/ws\/chat/, (page) => {
      const server = page.connectToServer();
      page.onMessage((m) => server.send(m));
      server.onMessage((m) => {
        if (!(dropAcks && typeof m === 'string' && m.includes('"type":"ack"'))) page.send(m);
      });
      restarts.push(async () => {
        await page.close({ code: 1001, reason: 'server restart' });
        await server.close();
      });
    });
    await joinChat(a, `Wes-${id}`);
    await joinChat(b, `Xan-${id}`);

    dropAcks = true;
    const lost = `ack lost ${id}`;
    await sendMessage(a, lost);
    await expect(messagesWith(b, lost)).toHaveCount(1);
    await expect(messagesWith(a, lost)).toHaveAttribute('data-pending', 'true');

    dropAcks = false;
    // The newest socket is the chat's (before joining, the tab read through another one).
    const opened = restarts.length;
    await restarts.at(-1)?.();
    await expect.poll(() => restarts.length).toBe(opened + 1);
    await expectStatus(a, 'chat', 'live');
    await expect(messagesWith(a, lost)).toHaveCount(1);
    await expect(messagesWith(a, lost)).toHaveAttribute('data-pending', 'false');
    await expect(messagesWith(b, lost)).toHaveCount(1);

    const after = `after restart ${id}`;
    await sendMessage(a, after);
    await expect(messagesWith(b, after)).toHaveCount(1);
    await expect(messagesWith(a, after)).toHaveAttribute('data-pending', 'false');

    await contextA.close();
    await contextB.close();
  });
});
