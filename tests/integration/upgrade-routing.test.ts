import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { openChat, refusedUpgrade } from './helpers/chat-client';
import { closeClients } from './helpers/cleanup';
import { startTestServer, type TestServer } from './helpers/start-test-server';

let server: TestServer;
beforeAll(async () => {
  server = await startTestServer({ COLLECTOR_ENABLED: '0' });
});
afterAll(() => server?.stop());
afterEach(closeClients);

describe('WebSocket upgrades on other paths', () => {
  it.each(['/ws/other', '/api/stream', '/api/health', '/', '/ws/chat/extra', '/ws'])(
    'answers an upgrade on %s with HTTP 404 instead of hanging',
    async (path) => {
      const base = server.wsUrl.replace('/ws/chat', '');

      const refused = await refusedUpgrade(`${base}${path}`);

      expect(refused).toEqual({
        status: 404,
        body: { error: { code: 'not_found', message: expect.stringContaining(path) } },
      });
    },
  );

  it('answers upgrades on /_next/* with HTTP 404 in production instead of hanging', async () => {
    const base = server.wsUrl.replace('/ws/chat', '');
    const paths = ['/_next/hmr?id=1', '/_next/webpack-hmr', '/_next/static/x'];

    const refused = await Promise.all(
      paths.map((path) => refusedUpgrade(`${base}${path}`, { handshakeTimeout: 2000 })),
    );

    expect(refused.map((r) => r.status)).toEqual([404, 404, 404]);
  });

  it('routes /ws/chat with a query to the chat', async () => {
    const chat = await openChat(server.wsUrl, { name: 'routed' });

    expect(chat.welcome.name).toBe('routed');
  });

  it('keeps serving HTTP after refusing upgrades', async () => {
    const response = await fetch(`${server.url}/api/health`);

    expect(response.status).toBe(200);
  });
});
