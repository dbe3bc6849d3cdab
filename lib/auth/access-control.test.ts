import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { parseEnv } from '@/lib/env';
import { sendJson } from '@/lib/http/node-response';
import { type AccessControl, createAccessControl } from './access-control';
import { signSession } from './session-cookie';

const TOKEN = 'ingest-token';
const access = createAccessControl(
  parseEnv({ AUTH_USERS: 'ada:pw', AUTH_SECRET: 'k'.repeat(32), INGEST_TOKEN: TOKEN }),
) as AccessControl;
const cookieFor = (name: string, exp = Date.now() + 60_000) =>
  `pulseboard_session=${signSession({ name, exp }, access.config.secret)}`;

/** A server whose only handler is the gate; what it lets through is answered 200 `{session}`. */
let server: Server;
let base: string;
beforeAll(async () => {
  server = createServer((req, res) => {
    const verdict = access.gate(req, res);
    if (!verdict.handled) sendJson(res, 200, { passed: true, session: verdict.session });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
});
afterAll(() => new Promise((resolve) => server.close(resolve)));

const ask = async (path: string, init: RequestInit = {}) => {
  const response = await fetch(`${base}${path}`, { redirect: 'manual', ...init });
  const text = await response.text();
  return { status: response.status, location: response.headers.get('location'), text };
};

describe('AccessControl.gate', () => {
  it.each([
    { path: '/api/health', cookie: undefined, status: 200 },
    { path: '/login', cookie: undefined, status: 200 },
    { path: '/_next/static/x.js', cookie: undefined, status: 200 },
    { path: '/api/stream', cookie: undefined, status: 401 },
    { path: '/api/stream', cookie: cookieFor('ada'), status: 200 },
    { path: '/api/stream', cookie: cookieFor('ada', Date.now() - 1), status: 401 },
    // A user removed from AUTH_USERS loses access even with a well-signed cookie.
    { path: '/api/stream', cookie: cookieFor('eve'), status: 401 },
    { path: '/', cookie: undefined, status: 303 },
    { path: '/', cookie: cookieFor('ada'), status: 200 },
  ])('answers GET $path ($status)', async ({ path, cookie, status }) => {
    const answer = await ask(path, cookie ? { headers: { Cookie: cookie } } : {});

    expect(answer.status).toBe(status);
  });

  it('passes the session on to what serves the request', async () => {
    const answer = await ask('/api/stream', { headers: { Cookie: cookieFor('ada') } });

    expect(JSON.parse(answer.text)).toMatchObject({ passed: true, session: { name: 'ada' } });
  });

  it.each([
    { headers: {}, status: 401 },
    { headers: { Authorization: `Bearer ${TOKEN}` }, status: 200 },
    { headers: { Authorization: 'Bearer wrong' }, status: 401 },
    { headers: { Cookie: cookieFor('ada') }, status: 200 },
  ] as { headers: Record<string, string>; status: number }[])(
    'lets ingest through with a session or the bearer token: $headers',
    async ({ headers, status }) => {
      const answer = await ask('/api/metrics', { method: 'POST', headers, body: '{}' });

      expect(answer.status).toBe(status);
    },
  );
});
