import { createHmac } from 'node:crypto';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { SESSION_COOKIE_NAME } from '@/lib/auth/session-cookie';
import { CloseCode } from '@/lib/protocol';
import { login } from './helpers/auth-api';
import { openChat, refusedUpgrade } from './helpers/chat-client';
import { closeClients } from './helpers/cleanup';
import { getHealth, getJson, openRequest, postMetrics } from './helpers/http-api';
import { openSse } from './helpers/sse-client';
import { startTestServer, type TestServer } from './helpers/start-test-server';

const SECRET = 'logout-test-secret-of-at-least-32-chars';
const unauthorized = {
  status: 401,
  body: { error: { code: 'unauthorized', message: expect.any(String) } },
};

afterEach(closeClients);

let server: TestServer;
beforeAll(async () => {
  server = await startTestServer({
    COLLECTOR_ENABLED: '0',
    TRUST_PROXY: '1',
    AUTH_USERS: 'ada:pw-ada,bob:pw-bob',
    AUTH_SECRET: SECRET,
  });
});
afterAll(() => server?.stop());

/** `POST /api/logout` with `cookie`, as `fetch` sends it (JSON client: 204). */
async function logout(cookie: string): Promise<Response> {
  return fetch(`${server.url}/api/logout`, { method: 'POST', headers: { Cookie: cookie } });
}

/** Whether `cookie` still opens the stream, the layout, the session, the page and the chat. */
async function answersTo(cookie: string) {
  const headers = { Cookie: cookie };
  const page = await fetch(`${server.url}/`, { headers, redirect: 'manual' });
  return {
    stream: await streamStatus(cookie),
    layout: (await getJson(`${server.url}/api/layout`, headers)).status,
    session: (await getJson(`${server.url}/api/session`, headers)).status,
    page: [page.status, page.headers.get('location')],
    chat: (await refusedUpgrade(server.wsUrl, { headers }).catch(() => ({ status: 101 }))).status,
  };
}

/** The status `GET /api/stream` answers with `cookie` (the stream itself is dropped). */
async function streamStatus(cookie: string): Promise<number> {
  const request = openRequest(`${server.url}/api/stream`, { Cookie: cookie });
  try {
    return await request.response;
  } finally {
    request.destroy();
  }
}

const refusedEverywhere = {
  stream: 401,
  layout: 401,
  session: 401,
  page: [303, '/login'],
  chat: 401,
};

describe('POST /api/logout revokes the session on the server', () => {
  it('refuses a copy of the cookie on every path and the chat upgrade once it signed out', async () => {
    const cookie = await login(server.url, 'ada', 'pw-ada');
    const copy = cookie;
    const before = await answersTo(copy);

    const response = await logout(cookie);

    expect(response.status).toBe(204);
    expect(response.headers.get('set-cookie')).toMatch(/^pulseboard_session=; .*Max-Age=0/);
    expect(before).toMatchObject({ stream: 200, layout: 200, session: 200, chat: 101 });
    expect(await answersTo(copy)).toEqual(refusedEverywhere);
  });

  it("ends that session's open stream and chat socket, and leaves other sessions open", async () => {
    const signedOut = await login(server.url, 'ada', 'pw-ada');
    const sameUserElsewhere = await login(server.url, 'ada', 'pw-ada');
    const otherUser = await login(server.url, 'bob', 'pw-bob');
    const streams = await Promise.all(
      [signedOut, sameUserElsewhere, otherUser].map((cookie) =>
        openSse(`${server.url}/api/stream`, { headers: { Cookie: cookie } }),
      ),
    );
    const sockets = await Promise.all(
      [signedOut, sameUserElsewhere, otherUser].map((cookie) =>
        openChat(server.wsUrl, {}, { headers: { Cookie: cookie } }),
      ),
    );
    for (const stream of streams) await stream.nextEvent('snapshot');
    const [ended, keptSame, keptOther] = streams as [
      (typeof streams)[0],
      (typeof streams)[0],
      (typeof streams)[0],
    ];
    const [closed, openSame, openOther] = sockets as [
      (typeof sockets)[0],
      (typeof sockets)[0],
      (typeof sockets)[0],
    ];

    expect((await logout(signedOut)).status).toBe(204);

    const last = await ended.next((item) => item.event !== undefined);
    expect(last).toMatchObject({ event: 'session-expired', data: '{"reason":"session revoked"}' });
    expect(last.id).toBeUndefined();
    expect(await ended.ended).toBe('end');
    expect(await closed.closed).toEqual({
      code: CloseCode.SessionExpired,
      reason: 'session revoked',
    });
    // The other sessions, the same user's second one included, keep their stream and socket.
    const sample = JSON.stringify({ samples: [{ series: 'logout.kept', value: 1 }] });
    expect((await postMetrics(server.url, sample, { Cookie: otherUser })).status).toBe(200);
    for (const stream of [keptSame, keptOther]) {
      expect((await stream.nextEvent('samples')).data.samples).toMatchObject([
        { series: 'logout.kept', value: 1 },
      ]);
    }
    await openSame.roundTrip();
    await openOther.roundTrip();
    expect([openSame.ws.readyState, openOther.ws.readyState]).toEqual([1, 1]);
    await expect.poll(async () => (await getHealth(server.url)).streams).toBe(2);
  });

  it('answers a logout without a cookie, or with a refused one, with 204 and a cleared cookie', async () => {
    const cookie = await login(server.url, 'ada', 'pw-ada');
    await logout(cookie);

    const variants: Record<string, string>[] = [
      {},
      { Cookie: cookie },
      { Cookie: `${SESSION_COOKIE_NAME}=x.y` },
    ];
    for (const headers of variants) {
      const response = await fetch(`${server.url}/api/logout`, { method: 'POST', headers });
      expect(response.status).toBe(204);
      expect(response.headers.get('set-cookie')).toMatch(/Max-Age=0/);
    }
  });

  it('refuses a cookie from before session ids (signed, unexpired, no id) cleanly: 401, 303, never 500', async () => {
    const payload = Buffer.from(
      JSON.stringify({ name: 'ada', exp: Date.now() + 3_600_000 }),
    ).toString('base64url');
    const signature = createHmac('sha256', SECRET).update(payload).digest('base64url');
    const legacy = `${SESSION_COOKIE_NAME}=${payload}.${signature}`;

    expect(await answersTo(legacy)).toEqual(refusedEverywhere);
    expect(await getJson(`${server.url}/api/session`, { Cookie: legacy })).toEqual(unauthorized);
    expect((await logout(legacy)).status).toBe(204);
  });
});
