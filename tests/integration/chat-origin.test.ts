import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { openChat, refusedUpgrade } from './helpers/chat-client';
import { closeClients } from './helpers/cleanup';
import { startTestServer, type TestServer } from './helpers/start-test-server';

let server: TestServer;
beforeAll(async () => {
  server = await startTestServer({
    COLLECTOR_ENABLED: '0',
    ALLOWED_ORIGINS: 'https://dash.example.com, http://localhost:5173/',
  });
});
afterAll(() => server?.stop());
afterEach(closeClients);

describe('/ws/chat: origin check', () => {
  it.each([
    { name: 'no Origin (a script)', origin: undefined },
    { name: 'the same origin as the Host', origin: 'same' },
    { name: 'an origin listed in ALLOWED_ORIGINS', origin: 'https://dash.example.com' },
    {
      name: 'an origin listed with a trailing slash',
      origin: 'http://localhost:5173',
    },
  ])('lets $name through', async ({ origin }) => {
    const value = origin === 'same' ? server.url : origin;

    const chat = await openChat(server.wsUrl, { name: 'o' }, value ? { origin: value } : {});

    expect(chat.welcome.type).toBe('welcome');
  });

  const forbidden = {
    status: 403,
    body: { error: { code: 'forbidden', message: expect.stringMatching(/origin/) } },
  };
  it.each([
    { name: 'an unlisted origin', origin: 'https://evil.example' },
    { name: 'the same host on another port', origin: 'sameHostOtherPort' },
    { name: 'a listed host with another scheme', origin: 'http://dash.example.com' },
    { name: 'an opaque origin (null)', origin: 'null' },
  ])('refuses $name with HTTP 403', async ({ origin }) => {
    const value =
      origin === 'sameHostOtherPort' ? `http://127.0.0.1:${server.port === 1 ? 2 : 1}` : origin;

    const refused = await refusedUpgrade(`${server.wsUrl}?name=o`, { origin: value });

    expect(refused).toEqual(forbidden);
  });

  it('checks the origin before the query: a forbidden origin with a bad name is 403', async () => {
    const refused = await refusedUpgrade(`${server.wsUrl}?name=${'n'.repeat(40)}`, {
      origin: 'https://evil.example',
    });

    expect(refused.status).toBe(403);
  });
});
