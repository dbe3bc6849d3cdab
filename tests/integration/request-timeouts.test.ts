import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { HTTP_TIMEOUT_CHECK_INTERVAL_MS } from '@/lib/http/request-timeouts';
import { closeClients } from './helpers/cleanup';
import { sendRaw } from './helpers/raw-http';
import { openSse } from './helpers/sse-client';
import { startTestServer, type TestServer } from './helpers/start-test-server';
import { lastStoredSeq } from './helpers/stores';

/** The timeouts this file starts the server with, in milliseconds. */
const HEADERS_TIMEOUT_MS = 2000;
const BODY_TIMEOUT_MS = 2000;
/** Leeway for a timer on a busy machine, in milliseconds. */
const TIMER_SLACK_MS = 1000;

const body = JSON.stringify({ samples: [{ series: 'slow.body', value: 1 }] });
const head = (length: number) =>
  'POST /api/metrics HTTP/1.1\r\nHost: 127.0.0.1\r\nContent-Type: application/json\r\n' +
  `Content-Length: ${length}\r\n\r\n`;

let server: TestServer;
beforeAll(async () => {
  server = await startTestServer({
    COLLECTOR_ENABLED: '0',
    HTTP_HEADERS_TIMEOUT_MS: String(HEADERS_TIMEOUT_MS),
    REQUEST_BODY_TIMEOUT_MS: String(BODY_TIMEOUT_MS),
    SSE_KEEPALIVE_INTERVAL_MS: '200',
  });
});
afterAll(() => server?.stop());
afterEach(closeClients);

describe('REQUEST_BODY_TIMEOUT_MS', () => {
  it('stores a body that dribbles in within the timeout (about 40% of it)', async () => {
    const before = await lastStoredSeq(server.databasePath);
    const pieces = body.match(/.{1,5}/g) ?? [];
    const gapMs = Math.floor((BODY_TIMEOUT_MS * 0.4) / pieces.length);

    const response = await sendRaw(server.port, [head(body.length), ...pieces], { gapMs });

    expect(response).toMatchObject({ status: 200, body: { accepted: 1 } });
    expect(await lastStoredSeq(server.databasePath)).toBe(before + 1);
  });

  it('answers 408 request_timeout once the timeout has passed, closes, and stores nothing', async () => {
    const before = await lastStoredSeq(server.databasePath);
    const startedAt = performance.now();

    const response = await sendRaw(server.port, [head(body.length), body.slice(0, -1)], {
      waitForClose: true,
    });
    const elapsedMs = performance.now() - startedAt;

    expect(response).toMatchObject({
      status: 408,
      headers: { connection: 'close' },
      body: { error: { code: 'request_timeout', message: expect.stringMatching(/2000 ms/) } },
      closedByServer: true,
    });
    expect(elapsedMs).toBeGreaterThanOrEqual(BODY_TIMEOUT_MS - 50);
    expect(elapsedMs).toBeLessThan(BODY_TIMEOUT_MS + TIMER_SLACK_MS);
    expect(await lastStoredSeq(server.databasePath)).toBe(before);
  });
});

describe('HTTP_HEADERS_TIMEOUT_MS', () => {
  const request = 'GET /api/health HTTP/1.1\r\nHost: 127.0.0.1\r\nConnection: close\r\n\r\n';

  it('serves headers sent one byte at a time within the timeout (about 40% of it)', async () => {
    const gapMs = Math.floor((HEADERS_TIMEOUT_MS * 0.4) / request.length);

    const response = await sendRaw(server.port, [...request], { gapMs });

    expect(response.status).toBe(200);
  });

  it('answers 408 and closes when the headers are not in within the timeout', async () => {
    const startedAt = performance.now();

    const response = await sendRaw(server.port, [request.slice(0, 20)], {
      waitForClose: true,
      timeoutMs: HEADERS_TIMEOUT_MS + HTTP_TIMEOUT_CHECK_INTERVAL_MS + TIMER_SLACK_MS,
    });
    const elapsedMs = performance.now() - startedAt;

    expect(response).toMatchObject({ status: 408, closedByServer: true });
    expect(elapsedMs).toBeGreaterThanOrEqual(HEADERS_TIMEOUT_MS - 50);
    expect(elapsedMs).toBeLessThan(
      HEADERS_TIMEOUT_MS + HTTP_TIMEOUT_CHECK_INTERVAL_MS + TIMER_SLACK_MS,
    );
  });
});

describe('a long response', () => {
  it('keeps an SSE stream open past both timeouts together', async () => {
    const pastAllMs = HEADERS_TIMEOUT_MS + BODY_TIMEOUT_MS + HTTP_TIMEOUT_CHECK_INTERVAL_MS;
    const stream = await openSse(`${server.url}/api/stream`);
    const openedAt = Date.now();
    await stream.nextEvent('snapshot');

    const late = await stream.next(
      (item) => item.comment === 'keep-alive' && item.receivedAt - openedAt > pastAllMs,
      pastAllMs + 5000,
    );
    const stillOpen = await Promise.race([stream.ended, Promise.resolve('open')]);

    expect(late.receivedAt - openedAt).toBeGreaterThan(pastAllMs);
    expect(stillOpen).toBe('open');
  });
});
