import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { type ChatClient, openChat, refusedUpgrade } from './helpers/chat-client';
import { closeClients } from './helpers/cleanup';
import { startTestServer, type TestServer } from './helpers/start-test-server';
import { seedChatMessages } from './helpers/stores';

let server: TestServer;
/** Ids of 600 messages stored before any test. */
let ids: number[];
beforeAll(async () => {
  server = await startTestServer({ COLLECTOR_ENABLED: '0' });
  ids = await seedChatMessages(server.databasePath, 600);
});
afterAll(() => server?.stop());
afterEach(closeClients);

const messageShape = {
  id: expect.any(Number),
  name: 'seed',
  text: expect.stringMatching(/^seeded \d+$/),
  ts: expect.any(Number),
};

describe('/ws/chat: the welcome frame', () => {
  it('carries a connection id, the name, the last 50 messages oldest first, and who is online', async () => {
    const chat = await openChat(server.wsUrl, { name: 'ada' });

    expect(chat.welcome).toEqual({
      type: 'welcome',
      connectionId: expect.any(String),
      name: 'ada',
      history: expect.any(Array),
      online: ['ada'],
      onlineCount: 1,
    });
    expect(chat.welcome.history.map((m) => m.id)).toEqual(ids.slice(-50));
    expect(chat.welcome.history[0]).toEqual(messageShape);
  });

  it('gives each connection its own id', async () => {
    const a = await openChat(server.wsUrl, { name: 'ada' });
    const b = await openChat(server.wsUrl, { name: 'ada' });

    expect(a.welcome.connectionId).not.toBe(b.welcome.connectionId);
  });

  it('with since, carries every message with a greater id', async () => {
    const since = ids[589] as number;

    const chat = await openChat(server.wsUrl, { name: 'ada', since: String(since) });

    expect(chat.welcome.history.map((m) => m.id)).toEqual(ids.slice(590));
    expect(chat.welcome).not.toHaveProperty('historyTruncated');
  });

  it('with since at the newest id, carries no history', async () => {
    const chat = await openChat(server.wsUrl, { since: String(ids.at(-1)) });

    expect(chat.welcome.history).toEqual([]);
  });

  it('caps a since catch-up at the newest 500 messages and says it was truncated', async () => {
    const chat = await openChat(server.wsUrl, { name: 'ada', since: '0' });

    expect(chat.welcome.history).toHaveLength(500);
    expect(chat.welcome.history.map((m) => m.id)).toEqual(ids.slice(-500));
    expect(chat.welcome.historyTruncated).toBe(true);
  });

  it('assigns a default name when none (or a blank one) is given', async () => {
    const unnamed = await openChat(server.wsUrl);
    const blank = await openChat(server.wsUrl, { name: '   ' });

    for (const chat of [unnamed, blank]) {
      expect(chat.welcome.name.length).toBeGreaterThanOrEqual(1);
      expect(chat.welcome.name.length).toBeLessThanOrEqual(32);
      expect(chat.welcome.online).toContain(chat.welcome.name);
    }
  });

  it('trims the name and accepts 32 characters', async () => {
    const padded = await openChat(server.wsUrl, { name: '  grace  ' });
    const longest = await openChat(server.wsUrl, { name: 'n'.repeat(32) });

    expect(padded.welcome.name).toBe('grace');
    expect(longest.welcome.name).toBe('n'.repeat(32));
  });

  it('lists each online name once and counts distinct names', async () => {
    await openChat(server.wsUrl, { name: 'bob' });
    await openChat(server.wsUrl, { name: 'bob' });

    const chat = await openChat(server.wsUrl, { name: 'carol' });

    expect([...chat.welcome.online].sort()).toEqual(['bob', 'carol']);
    expect(chat.welcome.onlineCount).toBe(2);
  });

  it('lists at most 200 names while onlineCount counts them all', async () => {
    const crowd: ChatClient[] = [];
    for (let i = 0; i < 205; i += 41) {
      crowd.push(
        ...(await Promise.all(
          Array.from({ length: Math.min(41, 205 - i) }, (_, j) =>
            openChat(server.wsUrl, { name: `user-${i + j}` }),
          ),
        )),
      );
    }

    const chat = await openChat(server.wsUrl, { name: 'last' });

    expect(chat.welcome.onlineCount).toBe(206);
    expect(chat.welcome.online).toHaveLength(200);
    expect(new Set(chat.welcome.online).size).toBe(200);
  });
});

describe('/ws/chat: refused joins', () => {
  const badRequest = (message: RegExp) => ({
    status: 400,
    body: { error: { code: 'bad_request', message: expect.stringMatching(message) } },
  });
  it.each([
    { name: 'a 33-character name', query: `name=${'n'.repeat(33)}`, message: /name/ },
    { name: 'a name with a control character', query: 'name=a%01b', message: /name/ },
    { name: 'a name given twice', query: 'name=a&name=b', message: /once/ },
    { name: 'since=abc', query: 'since=abc', message: /since/ },
    { name: 'since=-1', query: 'since=-1', message: /since/ },
    { name: 'since=1.5', query: 'since=1.5', message: /since/ },
    { name: 'since of 16 digits', query: `since=${'9'.repeat(16)}`, message: /since/ },
    { name: 'since given twice', query: 'since=1&since=2', message: /once/ },
  ])('refuses $name with HTTP 400', async ({ query, message }) => {
    const refused = await refusedUpgrade(`${server.wsUrl}?${query}`);

    expect(refused).toEqual(badRequest(message));
  });
});
