import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { LOGIN_ATTEMPTS_PER_MINUTE } from '@/lib/auth/login-rate';
import { CHAT_NAME_MAX_CHARS } from '@/lib/protocol';
import { login, postLogin } from './helpers/auth-api';
import { openChat, refusedUpgrade } from './helpers/chat-client';
import { closeClients } from './helpers/cleanup';
import { getJson, postMetrics } from './helpers/http-api';
import { openSse } from './helpers/sse-client';
import { startTestServer, type TestServer } from './helpers/start-test-server';
import { lastStoredSeq } from './helpers/stores';

const PASSWORD = 'correct horse';
const TOKEN = 'ingest-s3cret';
const unauthorized = {
  status: 401,
  body: { error: { code: 'unauthorized', message: expect.any(String) } },
};
const sample = JSON.stringify({ samples: [{ series: 'auth.s', value: 1 }] });

afterEach(closeClients);

describe.each([
  {
    mode: 'AUTH_PASSWORD',
    env: { AUTH_PASSWORD: PASSWORD },
    user: { name: 'Grace', password: PASSWORD },
  },
  {
    mode: 'AUTH_USERS',
    env: { AUTH_USERS: `ada:${PASSWORD},bob:other` },
    user: { name: 'ada', password: PASSWORD },
  },
])('access control with $mode', ({ env, user }) => {
  let server: TestServer;
  let cookie: string;
  beforeAll(async () => {
    server = await startTestServer({
      COLLECTOR_ENABLED: '0',
      TRUST_PROXY: '1',
      INGEST_TOKEN: TOKEN,
      ...env,
    });
    cookie = await login(server.url, user.name, user.password);
  });
  afterAll(() => server?.stop());

  it('sends a page request without a session to the login page, keeping where it was going', async () => {
    const home = await fetch(`${server.url}/`, { redirect: 'manual' });
    const deep = await fetch(`${server.url}/x?y=1`, { redirect: 'manual' });

    expect([home.status, home.headers.get('location')]).toEqual([303, '/login']);
    expect([deep.status, deep.headers.get('location')]).toEqual([303, '/login?next=%2Fx%3Fy%3D1']);
  });

  it('serves the dashboard with a session', async () => {
    const page = await fetch(`${server.url}/`, { headers: { Cookie: cookie }, redirect: 'manual' });

    expect(page.status).toBe(200);
  });

  it('leaves health and the login form open', async () => {
    const health = await fetch(`${server.url}/api/health`);
    const page = await fetch(`${server.url}/login?error=1`);
    const html = await page.text();

    expect([health.status, page.status]).toEqual([200, 200]);
    expect(html).toContain('action="/api/login"');
    expect(html).toMatch(/<label for="login-password">/);
    expect(html).toContain('Wrong name or password');
  });

  it('answers the stream without a session with 401 and opens it with one', async () => {
    expect(await getJson(`${server.url}/api/stream`)).toEqual(unauthorized);

    const stream = await openSse(`${server.url}/api/stream`, { headers: { Cookie: cookie } });

    expect((await stream.nextEvent()).event).toBe('snapshot');
  });

  it('refuses a tampered or foreign cookie with 401', async () => {
    const [name, value] = cookie.split('=') as [string, string];
    const [payload, mac] = value.split('.') as [string, string];
    const other = Buffer.from(JSON.stringify({ name: 'bob', exp: Date.now() + 1e9 })).toString(
      'base64url',
    );
    for (const forged of [`${name}=${other}.${mac}`, `${name}=${payload}.${mac.slice(1)}x`]) {
      expect(await getJson(`${server.url}/api/stream`, { Cookie: forged })).toEqual(unauthorized);
      expect(await getJson(`${server.url}/api/session`, { Cookie: forged })).toEqual(unauthorized);
    }
  });

  it('refuses a chat upgrade without a session with HTTP 401', async () => {
    const refused = await refusedUpgrade(`${server.wsUrl}?name=x`);

    expect(refused).toEqual(unauthorized);
  });

  it('names the chat socket after the session, whatever ?name= says', async () => {
    const alice = await openChat(
      server.wsUrl,
      { name: 'someone-else' },
      { headers: { Cookie: cookie } },
    );
    const other = await openChat(server.wsUrl, {}, { headers: { Cookie: cookie } });

    alice.send({ type: 'message', text: 'hi', clientMsgId: 'c1' });
    const relayed = await other.next('message');

    expect(alice.welcome.name).toBe(user.name);
    expect(relayed).toMatchObject({ name: user.name, text: 'hi' });
  });

  it('takes ingest with a session or the bearer token, and nothing without either', async () => {
    const before = await lastStoredSeq(server.databasePath);

    const none = await postMetrics(server.url, sample);
    const wrong = await postMetrics(server.url, sample, { Authorization: 'Bearer nope' });
    const withCookie = await postMetrics(server.url, sample, { Cookie: cookie });
    const withToken = await postMetrics(server.url, sample, { Authorization: `Bearer ${TOKEN}` });

    expect(none).toEqual(unauthorized);
    expect(wrong).toEqual(unauthorized);
    expect(withCookie).toEqual({ status: 200, body: { accepted: 1, seq: before + 1 } });
    expect(withToken).toEqual({ status: 200, body: { accepted: 1, seq: before + 2 } });
  });

  it('tells the browser who is signed in, or 401', async () => {
    const session = await getJson(`${server.url}/api/session`, { Cookie: cookie });

    expect(session).toEqual({
      status: 200,
      body: { name: user.name, expiresAt: expect.any(Number) },
    });
    expect(await getJson(`${server.url}/api/session`)).toEqual(unauthorized);
  });
});

describe('POST /api/login and /api/logout', () => {
  let server: TestServer;
  beforeAll(async () => {
    server = await startTestServer({
      COLLECTOR_ENABLED: '0',
      TRUST_PROXY: '1',
      AUTH_USERS: `ada:${PASSWORD}`,
    });
  });
  afterAll(() => server?.stop());
  let address = 0;
  const from = () => ({ 'X-Forwarded-For': `203.0.113.${++address}` });

  it('sets an HttpOnly, SameSite=Lax session cookie with Max-Age, answering JSON with 200', async () => {
    const response = await postLogin(
      server.url,
      { name: 'ada', password: PASSWORD },
      { headers: from() },
    );

    expect(response.status).toBe(200);
    expect(response.body).toEqual({ name: 'ada', expiresAt: expect.any(Number) });
    expect(response.setCookie).toMatch(
      /^pulseboard_session=[\w-]+\.[\w-]+; HttpOnly; SameSite=Lax; Path=\/; Max-Age=43200$/,
    );
  });

  it('marks the cookie Secure when a trusted proxy says the client used https', async () => {
    const response = await postLogin(
      server.url,
      { name: 'ada', password: PASSWORD },
      { headers: { ...from(), 'X-Forwarded-Proto': 'https' } },
    );

    expect(response.setCookie).toMatch(/; Secure;/);
  });

  it.each([
    { name: 'a wrong password', fields: { name: 'ada', password: 'nope' } },
    { name: 'an unknown user', fields: { name: 'eve', password: PASSWORD } },
  ])('answers $name with 401 and no cookie', async ({ fields }) => {
    const response = await postLogin(server.url, fields, { headers: from() });

    expect(response).toMatchObject({ ...unauthorized, setCookie: null });
  });

  it('redirects the form to next on success, and back with ?error=1 on failure', async () => {
    const ok = await postLogin(
      server.url,
      { name: 'ada', password: PASSWORD, next: '/?series=a' },
      { form: true, headers: from() },
    );
    const unsafe = await postLogin(
      server.url,
      { name: 'ada', password: PASSWORD, next: '//evil.example/' },
      { form: true, headers: from() },
    );
    const bad = await postLogin(
      server.url,
      { name: 'ada', password: 'nope', next: '/x' },
      { form: true, headers: from() },
    );

    expect([ok.status, ok.headers.get('location')]).toEqual([303, '/?series=a']);
    expect(ok.setCookie).toMatch(/^pulseboard_session=/);
    expect(unsafe.headers.get('location')).toBe('/');
    expect([bad.status, bad.headers.get('location'), bad.setCookie]).toEqual([
      303,
      '/login?error=1&next=%2Fx',
      null,
    ]);
  });

  it.each([
    { name: 'no password', body: '{"name":"ada"}', type: 'application/json', status: 400 },
    {
      name: 'a name too long',
      body: JSON.stringify({ name: 'x'.repeat(CHAT_NAME_MAX_CHARS + 1), password: 'p' }),
      type: 'application/json',
      status: 400,
    },
    { name: 'a body that is not JSON', body: '{', type: 'application/json', status: 400 },
    { name: 'a body that is an array', body: '[]', type: 'application/json', status: 400 },
    { name: 'plain text', body: 'ada', type: 'text/plain', status: 415 },
    { name: 'a body too large', body: 'x'.repeat(5000), type: 'application/json', status: 413 },
  ])('answers $name with $status and the usual error body', async ({ body, type, status }) => {
    const response = await fetch(`${server.url}/api/login`, {
      method: 'POST',
      headers: { 'Content-Type': type, ...from() },
      body,
    });

    expect(response.status).toBe(status);
    expect(await response.json()).toEqual({
      error: { code: expect.any(String), message: expect.any(String) },
    });
  });

  it('clears the cookie on logout: 204 for a script, 303 to /login for the form', async () => {
    const script = await fetch(`${server.url}/api/logout`, { method: 'POST' });
    const form = await fetch(`${server.url}/api/logout`, {
      method: 'POST',
      redirect: 'manual',
      headers: { 'Content-Type': 'application/x-www-form-urlencoded' },
      body: '',
    });

    expect(script.status).toBe(204);
    expect(script.headers.get('set-cookie')).toMatch(/^pulseboard_session=;.*Max-Age=0$/);
    expect([form.status, form.headers.get('location')]).toEqual([303, '/login']);
  });

  it(`allows ${LOGIN_ATTEMPTS_PER_MINUTE} attempts a minute per address, then 429 with Retry-After`, async () => {
    const headers = { 'X-Forwarded-For': '192.0.2.77' };
    const statuses: number[] = [];
    for (let i = 0; i < LOGIN_ATTEMPTS_PER_MINUTE; i++) {
      statuses.push(
        (await postLogin(server.url, { name: 'ada', password: 'no' }, { headers })).status,
      );
    }

    const over = await postLogin(server.url, { name: 'ada', password: PASSWORD }, { headers });
    const elsewhere = await postLogin(
      server.url,
      { name: 'ada', password: PASSWORD },
      { headers: from() },
    );

    expect(statuses).toEqual(Array(LOGIN_ATTEMPTS_PER_MINUTE).fill(401));
    expect(over).toMatchObject({
      status: 429,
      body: { error: { code: 'rate_limited', message: expect.any(String) } },
      setCookie: null,
    });
    expect(Number(over.headers.get('retry-after'))).toBeGreaterThanOrEqual(1);
    expect(Number(over.headers.get('retry-after'))).toBeLessThanOrEqual(60);
    expect(elsewhere.status).toBe(200);
  });
});
