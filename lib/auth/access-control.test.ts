import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { parseEnv } from '@/lib/env';
import { HostPolicy } from '@/lib/http/host-policy';
import { sendJson } from '@/lib/http/http-response';
import { ProxyTrust } from '@/lib/http/proxy-trust';
import { createRequestRouter } from '@/lib/http/request-router';
import type { Route } from '@/lib/http/route';
import { MemorySessionStore } from '@/lib/testing/memory-session-store';
import { type AccessControl, createAccessControl } from './access-control';
import { authRoutes } from './auth-routes';
import { newSessionId, signSession } from './session-cookie';

const TOKEN = 'ingest-token';
const access = createAccessControl(
  parseEnv({ AUTH_USERS: 'ada:pw', AUTH_SECRET: 'k'.repeat(32), INGEST_TOKEN: TOKEN }),
  new MemorySessionStore(),
) as AccessControl;
const cookieFor = (name: string, exp = Date.now() + 60_000) =>
  `pulseboard_session=${signSession({ id: newSessionId(), name, exp }, access.config.secret)}`;

/** Routes of each kind that answer 200 `{passed, session}` when the gate lets them through. */
const passed: Route['handler'] = ({ res, session }) =>
  sendJson(res, 200, { passed: true, session });
const routes: Route[] = [
  { methods: ['GET'], path: '/api/health', auth: 'public', handler: passed },
  { methods: ['GET'], path: '/api/stream', auth: 'session', handler: passed },
  {
    methods: ['POST'],
    path: '/api/metrics',
    auth: { bearer: TOKEN, orSession: true },
    handler: passed,
  },
  ...authRoutes(access),
];

let server: Server;
let base: string;
beforeAll(async () => {
  server = createServer(
    createRequestRouter({
      routes,
      fallback: (_req, res) => sendJson(res, 200, { passed: true, fallback: true }),
      hosts: new HostPolicy('127.0.0.1'),
      trust: new ProxyTrust(),
      access,
      allowedOrigins: [],
      body: { timeoutMs: 1000 },
      dev: false,
    }),
  );
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
});
afterAll(() => new Promise((resolve) => server.close(resolve)));

const ask = async (path: string, init: RequestInit = {}) => {
  const response = await fetch(`${base}${path}`, { redirect: 'manual', ...init });
  const text = await response.text();
  return { status: response.status, location: response.headers.get('location'), text };
};

describe('AccessControl as the router gate', () => {
  it.each([
    { path: '/api/health', cookie: undefined, status: 200 },
    { path: '/login', cookie: undefined, status: 200 },
    { path: '/_next/static/x.js', cookie: undefined, status: 200 },
    { path: '/api/stream', cookie: undefined, status: 401 },
    { path: '/api/stream', cookie: cookieFor('ada'), status: 200 },
    { path: '/api/stream', cookie: cookieFor('ada', Date.now() - 1), status: 401 },
    // A user removed from AUTH_USERS loses access even with a well-signed cookie.
    { path: '/api/stream', cookie: cookieFor('eve'), status: 401 },
    { path: '/api/unknown', cookie: undefined, status: 401 },
    { path: '/_next/static/../../api/stream', cookie: undefined, status: 401 },
    { path: '/', cookie: undefined, status: 303 },
    { path: '/', cookie: cookieFor('ada'), status: 200 },
  ])('answers GET $path ($status)', async ({ path, cookie, status }) => {
    const answer = await ask(path, cookie ? { headers: { Cookie: cookie } } : {});

    expect(answer.status).toBe(status);
  });

  it('passes the session on to the route', async () => {
    const answer = await ask('/api/stream', { headers: { Cookie: cookieFor('ada') } });

    expect(JSON.parse(answer.text)).toMatchObject({ passed: true, session: { name: 'ada' } });
  });

  it('sends a page without a session to the login page, coming back afterwards', async () => {
    const answer = await ask('/x?y=1');

    expect([answer.status, answer.location]).toEqual([303, '/login?next=%2Fx%3Fy%3D1']);
  });

  it.each([
    { headers: {}, status: 401 },
    { headers: { Authorization: `Bearer ${TOKEN}` }, status: 200 },
    { headers: { Authorization: 'Bearer wrong' }, status: 401 },
    { headers: { Cookie: cookieFor('ada') }, status: 200 },
    { headers: { Cookie: cookieFor('ada'), Authorization: 'Bearer wrong' }, status: 200 },
  ] as { headers: Record<string, string>; status: number }[])(
    'lets ingest through with a session or the bearer token: $headers',
    async ({ headers, status }) => {
      const answer = await ask('/api/metrics', { method: 'POST', headers, body: '{}' });

      expect(answer.status).toBe(status);
    },
  );

  it('answers GET /api/session with the session, or 401', async () => {
    const signedIn = await ask('/api/session', { headers: { Cookie: cookieFor('ada') } });
    const anonymous = await ask('/api/session');

    expect(JSON.parse(signedIn.text)).toEqual({ name: 'ada', expiresAt: expect.any(Number) });
    expect(anonymous.status).toBe(401);
  });

  it('refuses a session once it signed out, and only that one', async () => {
    const { value } = await access.sessions.issue('ada');
    const other = await access.sessions.issue('ada');
    const cookie = { Cookie: `pulseboard_session=${value}` };
    expect((await ask('/api/stream', { headers: cookie })).status).toBe(200);

    const logout = await ask('/api/logout', { method: 'POST', headers: cookie });

    expect(logout.status).toBe(204);
    expect((await ask('/api/stream', { headers: cookie })).status).toBe(401);
    expect((await ask('/', { headers: cookie })).status).toBe(303);
    const kept = { Cookie: `pulseboard_session=${other.value}` };
    expect((await ask('/api/stream', { headers: kept })).status).toBe(200);
  });
});
