import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { getHealth } from './helpers/http-api';
import { sendRaw } from './helpers/raw-http';
import { startTestServer, type TestServer } from './helpers/start-test-server';

/** This file's REQUEST_BODY_TIMEOUT_MS, far below Node's own backstop (headers + body). */
const BODY_TIMEOUT_MS = 1500;
const HEADERS_TIMEOUT_MS = 10_000;
/** Leeway for a timer on a busy machine, in milliseconds. */
const TIMER_SLACK_MS = 1000;

const cases = [
  {
    name: 'POST /api/metrics',
    head: 'POST /api/metrics',
    type: 'application/json',
    body: JSON.stringify({ samples: [{ series: 'slow.ingest', value: 1 }] }),
    ok: 200,
  },
  {
    name: 'PUT /api/layout',
    head: 'PUT /api/layout',
    type: 'application/json',
    body: JSON.stringify({ baseVersion: 0, widgets: [] }),
    ok: 200,
  },
  {
    name: 'POST /api/login',
    head: 'POST /api/login',
    type: 'application/x-www-form-urlencoded',
    body: 'name=ada&password=pw',
    ok: 303,
  },
];

const request = (head: string, type: string, length: number) =>
  `${head} HTTP/1.1\r\nHost: 127.0.0.1\r\nContent-Type: ${type}\r\nContent-Length: ${length}\r\n\r\n`;

let server: TestServer;
beforeAll(async () => {
  server = await startTestServer({
    COLLECTOR_ENABLED: '0',
    AUTH_PASSWORD: 'pw',
    INGEST_TOKEN: 'tok',
    HTTP_HEADERS_TIMEOUT_MS: String(HEADERS_TIMEOUT_MS),
    REQUEST_BODY_TIMEOUT_MS: String(BODY_TIMEOUT_MS),
  });
});
afterAll(() => server?.stop());

/** Issue 10, B9: one body timeout, REQUEST_BODY_TIMEOUT_MS, for every body the server reads. */
describe.each(cases)('the body of $name', ({ head, type, body, ok }) => {
  const auth = async () =>
    head.includes('metrics') ? 'Authorization: Bearer tok\r\n' : `Cookie: ${await cookie()}\r\n`;

  it('is read when it dribbles in within REQUEST_BODY_TIMEOUT_MS (about 40% of it)', async () => {
    const pieces = body.match(/.{1,4}/g) ?? [];
    const gapMs = Math.floor((BODY_TIMEOUT_MS * 0.4) / pieces.length);
    const start = request(head, type, body.length).replace('\r\n\r\n', `\r\n${await auth()}\r\n`);

    const answer = await sendRaw(server.port, [start, ...pieces], { gapMs });

    expect(answer.status).toBe(ok);
  });

  it('gets a JSON 408 request_timeout at REQUEST_BODY_TIMEOUT_MS, not at Node backstop, and stores nothing', async () => {
    const before = (await getHealth(server.url)).seq;
    const start = request(head, type, body.length).replace('\r\n\r\n', `\r\n${await auth()}\r\n`);
    const startedAt = performance.now();

    const answer = await sendRaw(server.port, [start, body.slice(0, -1)], { waitForClose: true });
    const elapsedMs = performance.now() - startedAt;

    expect(answer).toMatchObject({
      status: 408,
      headers: { connection: 'close' },
      body: {
        error: {
          code: 'request_timeout',
          message: expect.stringMatching(/REQUEST_BODY_TIMEOUT_MS/),
        },
      },
      closedByServer: true,
    });
    expect(elapsedMs).toBeGreaterThanOrEqual(BODY_TIMEOUT_MS - 50);
    expect(elapsedMs).toBeLessThan(BODY_TIMEOUT_MS + TIMER_SLACK_MS);
    expect((await getHealth(server.url)).seq).toBe(before);
  });
});

let session: string | undefined;
/** A session cookie, got once (the layout needs one with access control on). */
async function cookie(): Promise<string> {
  if (session) return session;
  const response = await fetch(`${server.url}/api/login`, {
    method: 'POST',
    headers: { 'Content-Type': 'application/json' },
    body: JSON.stringify({ name: 'ada', password: 'pw' }),
  });
  session = response.headers.get('set-cookie')?.split(';')[0] ?? '';
  return session;
}
