import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { CloseCode } from '@/lib/protocol';
import { login } from './helpers/auth-api';
import { openChat } from './helpers/chat-client';
import { closeClients } from './helpers/cleanup';
import { getHealth } from './helpers/http-api';
import { openSse } from './helpers/sse-client';
import { startTestServer, type TestServer } from './helpers/start-test-server';

const PASSWORD = 'pw';
/** The session lifetime of these servers, in seconds (the schema's minimum). */
const TTL_S = 1;

afterEach(closeClients);

describe('session expiry', () => {
  let server: TestServer;
  beforeAll(async () => {
    server = await startTestServer({
      COLLECTOR_ENABLED: '0',
      TRUST_PROXY: '1',
      AUTH_PASSWORD: PASSWORD,
      AUTH_SESSION_TTL_S: String(TTL_S),
    });
  });
  afterAll(() => server?.stop());

  it('ends an open stream with a final session-expired event when the session expires', async () => {
    const cookie = await login(server.url, 'ada', PASSWORD);
    const stream = await openSse(`${server.url}/api/stream`, { headers: { Cookie: cookie } });
    await stream.nextEvent('snapshot');

    const last = await stream.next((item) => item.event !== undefined, TTL_S * 1000 + 3000);

    expect(last).toMatchObject({ event: 'session-expired', data: '{"reason":"session expired"}' });
    expect(last.id).toBeUndefined();
    expect(await stream.ended).toBe('end');
    await expect.poll(async () => (await getHealth(server.url)).streams).toBe(0);
  });

  it('closes a chat socket with 4401 when the session expires', async () => {
    const cookie = await login(server.url, 'ada', PASSWORD);
    const chat = await openChat(server.wsUrl, {}, { headers: { Cookie: cookie } });

    const closed = await chat.closed;

    expect(closed).toEqual({ code: CloseCode.SessionExpired, reason: 'session expired' });
    await expect.poll(async () => (await getHealth(server.url)).chatSockets).toBe(0);
  });

  it('refuses the expired cookie afterwards', async () => {
    const cookie = await login(server.url, 'ada', PASSWORD);
    const chat = await openChat(server.wsUrl, {}, { headers: { Cookie: cookie } });
    await chat.closed;

    const session = await fetch(`${server.url}/api/session`, { headers: { Cookie: cookie } });

    expect(session.status).toBe(401);
  });
});
