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
    { name: 'the same origin in upper case', origin: 'sameUpper' },
    // A TLS-terminating proxy in front: the browser says https, the server hears http.
    { name: 'the same host and port over https', origin: 'sameHttps' },
  ])('lets $name through', async ({ origin }) => {
    const value = origin ? (sameOrigin(origin) ?? origin) : undefined;

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

/** The server's own origin, spelled as the case name says; undefined for a literal origin. */
function sameOrigin(name: string): string | undefined {
  if (name === 'same') return server.url;
  if (name === 'sameUpper') return server.url.toUpperCase();
  if (name === 'sameHttps') return server.url.replace('http:', 'https:');
  return undefined;
}
