import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { openChat } from './helpers/chat-client';
import { closeClients } from './helpers/cleanup';
import { openRequest, postMetrics } from './helpers/http-api';
import { type RawResponse, sendRaw } from './helpers/raw-http';
import { startTestServer, type TestServer } from './helpers/start-test-server';
import { lastStoredSeq } from './helpers/stores';

/** The per-minute limits the limited server runs with (burst = the same). */
const INGEST_PER_MIN = 3;
const CONNECT_PER_MIN = 3;

const samples = (series: string) => JSON.stringify({ samples: [{ series, value: 1 }] });
const from = (address: string) => ({ 'X-Forwarded-For': address });

/** Raw requests that read Retry-After; `address` is sent as X-Forwarded-For when given. */
function rawIngest(port: number, series: string, address?: string): Promise<RawResponse> {
  const body = samples(series);
  const xff = address ? `X-Forwarded-For: ${address}\r\n` : '';
  return sendRaw(port, [
    `POST /api/metrics HTTP/1.1\r\nHost: 127.0.0.1\r\nContent-Type: application/json\r\n${xff}` +
      `Content-Length: ${body.length}\r\n\r\n${body}`,
  ]);
}
function rawStream(port: number, address: string): Promise<RawResponse> {
  return sendRaw(port, [
    `GET /api/stream HTTP/1.1\r\nHost: 127.0.0.1\r\nX-Forwarded-For: ${address}\r\n\r\n`,
  ]);
}
function rawChatUpgrade(port: number, address: string): Promise<RawResponse> {
  return sendRaw(port, [
    'GET /ws/chat?name=limited HTTP/1.1\r\nHost: 127.0.0.1\r\nUpgrade: websocket\r\n' +
      'Connection: Upgrade\r\nSec-WebSocket-Version: 13\r\n' +
      `Sec-WebSocket-Key: dGhlIHNhbXBsZSBub25jZQ==\r\nX-Forwarded-For: ${address}\r\n\r\n`,
  ]);
}
/** Opens an SSE stream from `address`, checks it was accepted, and closes it. */
async function streamStatus(url: string, address: string): Promise<number> {
  const stream = openRequest(`${url}/api/stream`, from(address));
  const status = await stream.response;
  stream.destroy();
  return status;
}

function expect429(response: RawResponse): void {
  expect(response).toMatchObject({
    status: 429,
    body: { error: { code: 'rate_limited', message: expect.stringMatching(/per minute/) } },
  });
  const retryAfter = response.headers['retry-after'] ?? '';
  expect(retryAfter).toMatch(/^\d+$/);
  expect(Number(retryAfter)).toBeGreaterThanOrEqual(1);
  expect(Number(retryAfter)).toBeLessThanOrEqual(60 / INGEST_PER_MIN);
}

describe('with RATE_LIMIT_EXEMPT empty and small limits', () => {
  let server: TestServer;
  beforeAll(async () => {
    server = await startTestServer({
      COLLECTOR_ENABLED: '0',
      TRUST_PROXY: '1',
      RATE_LIMIT_EXEMPT: '',
      RATE_LIMIT_INGEST_PER_MIN: String(INGEST_PER_MIN),
      RATE_LIMIT_CONNECT_PER_MIN: String(CONNECT_PER_MIN),
    });
  });
  afterAll(() => server?.stop());
  afterEach(closeClients);

  it('lets the 3rd ingest through, refuses the 4th with 429 + Retry-After, and stores nothing of it', async () => {
    const address = '203.0.113.1';
    const passed = [];
    for (let i = 0; i < INGEST_PER_MIN; i++) {
      passed.push((await postMetrics(server.url, samples('limited'), from(address))).status);
    }
    const before = await lastStoredSeq(server.databasePath);

    const refused = await rawIngest(server.port, 'refused', address);

    expect(passed).toEqual([200, 200, 200]);
    expect429(refused);
    expect(await lastStoredSeq(server.databasePath)).toBe(before);
  });

  it('keeps a bucket per address: another X-Forwarded-For is unaffected', async () => {
    const busy = '203.0.113.2';
    for (let i = 0; i < INGEST_PER_MIN; i++) await rawIngest(server.port, 'busy', busy);

    const refused = await rawIngest(server.port, 'busy', busy);
    const other = await rawIngest(server.port, 'other', '203.0.113.3');

    expect(refused.status).toBe(429);
    expect(other).toMatchObject({ status: 200, body: { accepted: 1 } });
  });

  it('limits loopback too (no exemption): the 4th request without X-Forwarded-For gets 429', async () => {
    const statuses = [];
    for (let i = 0; i <= INGEST_PER_MIN; i++) {
      statuses.push((await rawIngest(server.port, 'loopback')).status);
    }

    expect(statuses).toEqual([200, 200, 200, 429]);
  });

  it('lets the 3rd new stream through and refuses the 4th with 429 + Retry-After', async () => {
    const address = '198.51.100.1';
    const passed = [];
    for (let i = 0; i < CONNECT_PER_MIN; i++) passed.push(await streamStatus(server.url, address));

    const refused = await rawStream(server.port, address);

    expect(passed).toEqual([200, 200, 200]);
    expect429(refused);
  });

  it('counts chat sockets and streams together, and refuses the upgrade with 429 + Retry-After', async () => {
    const address = '198.51.100.2';
    const first = await streamStatus(server.url, address);
    const second = await streamStatus(server.url, address);
    const chat = await openChat(server.wsUrl, { name: 'third' }, { headers: from(address) });

    const refused = await rawChatUpgrade(server.port, address);

    expect([first, second, chat.welcome.type]).toEqual([200, 200, 'welcome']);
    expect429(refused);
    expect(refused.headers.upgrade).toBeUndefined();
  });

  it('keeps the connect budget apart from the ingest budget', async () => {
    const address = '198.51.100.3';
    for (let i = 0; i < CONNECT_PER_MIN; i++) await streamStatus(server.url, address);

    const ingest = await rawIngest(server.port, 'apart', address);

    expect(ingest.status).toBe(200);
  });
});

describe('with the default exemption', () => {
  let server: TestServer;
  beforeAll(async () => {
    server = await startTestServer({
      COLLECTOR_ENABLED: '0',
      RATE_LIMIT_INGEST_PER_MIN: '1',
      RATE_LIMIT_CONNECT_PER_MIN: '1',
    });
  });
  afterAll(() => server?.stop());
  afterEach(closeClients);

  it('never limits loopback: 5 ingests, 3 streams and 2 chat sockets at a limit of 1/min', async () => {
    const ingests = [];
    for (let i = 0; i < 5; i++) ingests.push((await rawIngest(server.port, 'local')).status);
    const streams = [];
    for (let i = 0; i < 3; i++) {
      const stream = openRequest(`${server.url}/api/stream`);
      streams.push(await stream.response);
      stream.destroy();
    }
    const chats = [await openChat(server.wsUrl), await openChat(server.wsUrl)];

    expect(ingests).toEqual([200, 200, 200, 200, 200]);
    expect(streams).toEqual([200, 200, 200]);
    expect(chats.map((c) => c.welcome.type)).toEqual(['welcome', 'welcome']);
  });

  it('ignores X-Forwarded-For without TRUST_PROXY: a spoofed address is still loopback', async () => {
    const statuses = [];
    for (let i = 0; i < 3; i++) {
      statuses.push((await rawIngest(server.port, 'spoof', '203.0.113.9')).status);
    }

    expect(statuses).toEqual([200, 200, 200]);
  });
});
