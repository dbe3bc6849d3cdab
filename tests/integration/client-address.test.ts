import { afterAll, afterEach, beforeAll, describe, expect, it, vi } from 'vitest';
import { LOGIN_ATTEMPTS_PER_MINUTE } from '@/lib/auth/login-rate';
import { postLogin } from './helpers/auth-api';
import { closeClients } from './helpers/cleanup';
import { openRequest, postMetrics } from './helpers/http-api';
import { startTestServer, type TestServer } from './helpers/start-test-server';

/** The client behind the proxy: what nginx's `$proxy_add_x_forwarded_for` appends. */
const CLIENT = '203.0.113.7';
/** What a hostile client writes in front of it, new on every request. */
const spoofed = (i: number) => ({ 'X-Forwarded-For': `10.9.0.${i}, ${CLIENT}` });
const ATTEMPTS = 15;
const LIMIT_PER_MIN = 3;

afterEach(closeClients);

/**
 * Behind a proxy that appends the real address to X-Forwarded-For (deploy/nginx), the client
 * is the rightmost address the trusted hops did not write: a client that prepends addresses of
 * its own still gets one budget (issue 10, B1).
 */
describe.each([
  { setting: 'TRUST_PROXY=1 (one hop)', trust: '1' },
  { setting: 'TRUST_PROXY=loopback (a list)', trust: 'loopback' },
])('the client address with $setting', ({ trust }) => {
  let server: TestServer;
  beforeAll(async () => {
    server = await startTestServer({
      COLLECTOR_ENABLED: '0',
      TRUST_PROXY: trust,
      AUTH_PASSWORD: 'pw',
      INGEST_TOKEN: 'tok',
      RATE_LIMIT_INGEST_PER_MIN: String(LIMIT_PER_MIN),
      RATE_LIMIT_CONNECT_PER_MIN: String(LIMIT_PER_MIN),
    });
  });
  afterAll(() => server?.stop());

  it(`refuses login ${LOGIN_ATTEMPTS_PER_MINUTE + 1} onwards with 429 whatever the client prepends`, async () => {
    const statuses: number[] = [];
    for (let i = 0; i < ATTEMPTS; i++) {
      const answer = await postLogin(
        server.url,
        { name: 'x', password: 'no' },
        { headers: spoofed(i) },
      );
      statuses.push(answer.status);
    }

    expect(statuses).toEqual([
      ...Array(LOGIN_ATTEMPTS_PER_MINUTE).fill(401),
      ...Array(ATTEMPTS - LOGIN_ATTEMPTS_PER_MINUTE).fill(429),
    ]);
    await vi.waitFor(() => expect(server.output()).toContain(`"remote":"${CLIENT}"`));
  });

  it('gives the ingest limit one budget per real client', async () => {
    const statuses: number[] = [];
    for (let i = 0; i <= LIMIT_PER_MIN; i++) {
      const body = JSON.stringify({ samples: [{ series: 'xff.a', value: i }] });
      const answer = await postMetrics(server.url, body, {
        ...spoofed(i),
        Authorization: 'Bearer tok',
      });
      statuses.push(answer.status);
    }

    expect(statuses).toEqual([200, 200, 200, 429]);
  });

  it('gives the connect limit one budget per real client', async () => {
    const cookieless = (i: number) => openRequest(`${server.url}/api/stream`, spoofed(100 + i));
    const statuses: number[] = [];
    for (let i = 0; i <= LIMIT_PER_MIN; i++) {
      const stream = cookieless(i);
      statuses.push(await stream.response);
      stream.destroy();
    }

    // Without a session the stream answers 401, but it counted: the 4th is refused first.
    expect(statuses).toEqual([401, 401, 401, 429]);
  });
});
