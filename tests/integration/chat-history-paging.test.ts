import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { login } from './helpers/auth-api';
import { openChat } from './helpers/chat-client';
import { closeClients } from './helpers/cleanup';
import { startTestServer, type TestServer } from './helpers/start-test-server';

afterEach(closeClients);

async function page(server: TestServer, query: string, headers: Record<string, string> = {}) {
  const res = await fetch(`${server.url}/api/chat/messages${query}`, { headers });
  return { status: res.status, body: (await res.json()) as Record<string, unknown> };
}

describe('GET /api/chat/messages', () => {
  let server: TestServer;
  beforeAll(async () => {
    server = await startTestServer({ COLLECTOR_ENABLED: '0' });
    const ada = await openChat(server.wsUrl, { name: 'ada', key: 'paging-key-1' });
    for (let i = 1; i <= 7; i++) {
      ada.send({ type: 'message', text: `m${i}` });
      await ada.next('ack');
    }
    await ada.close();
  });
  afterAll(() => server?.stop());

  it('answers the newest page oldest first, then older pages until hasMore is false', async () => {
    const newest = await page(server, '?limit=3');
    expect(newest).toMatchObject({ status: 200, body: { hasMore: true } });
    const texts = (body: Record<string, unknown>) =>
      (body.messages as { text: string }[]).map((m) => m.text);
    expect(texts(newest.body)).toEqual(['m5', 'm6', 'm7']);
    const first = (newest.body.messages as { id: number }[])[0]?.id ?? Number.NaN;
    const older = await page(server, `?before=${first}&limit=3`);
    expect(texts(older.body)).toEqual(['m2', 'm3', 'm4']);
    expect(older.body.hasMore).toBe(true);
    const oldest = await page(server, `?before=${first - 3}&limit=100`);
    expect(oldest.body).toEqual({
      messages: [{ id: first - 4, name: 'ada', text: 'm1', ts: expect.any(Number) }],
      hasMore: false,
    });
  });

  it.each([
    '?limit=0',
    '?limit=101',
    '?limit=ten',
    '?before=0',
    '?before=-2',
    '?before=1&before=2',
  ])('answers 400 bad_request to %s', async (query) => {
    expect(await page(server, query)).toMatchObject({
      status: 400,
      body: { error: { code: 'bad_request' } },
    });
  });
});

describe('GET /api/chat/messages with access control', () => {
  let server: TestServer;
  beforeAll(async () => {
    server = await startTestServer({
      COLLECTOR_ENABLED: '0',
      TRUST_PROXY: '1',
      AUTH_PASSWORD: 'pw-chat',
    });
  });
  afterAll(() => server?.stop());

  it('answers 401 without a session and the page with one', async () => {
    expect(await page(server, '?limit=5')).toMatchObject({
      status: 401,
      body: { error: { code: 'unauthorized' } },
    });
    const cookie = await login(server.url, 'Grace', 'pw-chat');
    expect(await page(server, '?limit=5', { Cookie: cookie })).toEqual({
      status: 200,
      body: { messages: [], hasMore: false },
    });
  });
});
