import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { openChat, refusedUpgrade } from './helpers/chat-client';
import { closeClients } from './helpers/cleanup';
import { getHealth } from './helpers/http-api';
import { type RawResponse, sendRaw } from './helpers/raw-http';
import { openSse, type SseStream } from './helpers/sse-client';
import { startTestServer, type TestServer } from './helpers/start-test-server';

/** The cap this file's server runs with: open streams plus chat sockets per client address. */
const MAX = 3;
const from = (address: string) => ({ 'X-Forwarded-For': address });

function rawStream(port: number, address: string): Promise<RawResponse> {
  return sendRaw(port, [
    `GET /api/stream HTTP/1.1\r\nHost: 127.0.0.1\r\nX-Forwarded-For: ${address}\r\n\r\n`,
  ]);
}

function expectTooMany(answer: { status: number; body: unknown }, retryAfter?: string): void {
  expect(answer).toMatchObject({
    status: 429,
    body: {
      error: {
        code: 'too_many_connections',
        message: expect.stringMatching(/CONNECTIONS_MAX_PER_ADDRESS/),
      },
    },
  });
  if (retryAfter !== undefined) expect(Number(retryAfter)).toBeGreaterThanOrEqual(1);
}

afterEach(closeClients);

/** Issue 10, B5: open SSE streams plus chat sockets per client address. */
describe(`CONNECTIONS_MAX_PER_ADDRESS=${MAX}`, () => {
  let server: TestServer;
  beforeAll(async () => {
    server = await startTestServer({
      COLLECTOR_ENABLED: '0',
      TRUST_PROXY: '1',
      CONNECTIONS_MAX_PER_ADDRESS: String(MAX),
    });
  });
  afterAll(() => server?.stop());

  it(`opens stream number ${MAX}, refuses number ${MAX + 1} with 429, and lets one more in after a close`, async () => {
    const address = '203.0.113.10';
    const open: SseStream[] = [];
    for (let i = 0; i < MAX; i++) {
      open.push(await openSse(`${server.url}/api/stream`, { headers: from(address) }));
    }

    const refused = await rawStream(server.port, address);
    open[0]?.close();
    await expect.poll(async () => (await getHealth(server.url)).streams).toBe(MAX - 1);
    const again = await openSse(`${server.url}/api/stream`, { headers: from(address) });
    const past = await rawStream(server.port, address);

    expect(open.map((s) => s.status)).toEqual(Array(MAX).fill(200));
    expectTooMany(refused, refused.headers['retry-after']);
    expect(again.status).toBe(200);
    expectTooMany(past);
  });

  it('counts chat sockets with streams, refuses the upgrade with 429, and frees a slot on close', async () => {
    const address = '203.0.113.11';
    const stream = await openSse(`${server.url}/api/stream`, { headers: from(address) });
    const chats = [
      await openChat(server.wsUrl, { name: 'a' }, { headers: from(address) }),
      await openChat(server.wsUrl, { name: 'b' }, { headers: from(address) }),
    ];

    const refusedChat = await refusedUpgrade(`${server.wsUrl}?name=c`, { headers: from(address) });
    const refusedStream = await rawStream(server.port, address);
    await chats[0]?.close();
    await expect.poll(async () => (await getHealth(server.url)).chatSockets).toBe(1);
    const third = await openChat(server.wsUrl, { name: 'c' }, { headers: from(address) });

    expect(stream.status).toBe(200);
    expectTooMany(refusedChat);
    expectTooMany(refusedStream);
    expect(third.welcome.type).toBe('welcome');
  });

  it('keeps a count per address: another client is unaffected', async () => {
    const busy = '203.0.113.12';
    for (let i = 0; i < MAX; i++)
      await openSse(`${server.url}/api/stream`, { headers: from(busy) });

    const other = await openSse(`${server.url}/api/stream`, { headers: from('203.0.113.13') });

    expect((await rawStream(server.port, busy)).status).toBe(429);
    expect(other.status).toBe(200);
  });

  it('gives every slot back: nothing is left counted once all close', async () => {
    const address = '203.0.113.14';
    for (let round = 0; round < 3; round++) {
      const streams = [];
      for (let i = 0; i < MAX; i++) {
        streams.push(await openSse(`${server.url}/api/stream`, { headers: from(address) }));
      }
      for (const stream of streams) stream.close();
      await expect.poll(async () => (await getHealth(server.url)).streams).toBe(0);
    }

    const last = await openSse(`${server.url}/api/stream`, { headers: from(address) });

    expect(last.status).toBe(200);
  });
});

describe('loopback under the default RATE_LIMIT_EXEMPT', () => {
  let server: TestServer;
  beforeAll(async () => {
    server = await startTestServer({
      COLLECTOR_ENABLED: '0',
      CONNECTIONS_MAX_PER_ADDRESS: String(MAX),
    });
  });
  afterAll(() => server?.stop());

  it(`is exempt: ${MAX * 2} streams and a chat socket from 127.0.0.1 all open`, async () => {
    const streams = [];
    for (let i = 0; i < MAX * 2; i++) streams.push(await openSse(`${server.url}/api/stream`));
    const chat = await openChat(server.wsUrl, { name: 'local' });

    expect(streams.map((s) => s.status)).toEqual(Array(MAX * 2).fill(200));
    expect(chat.welcome.type).toBe('welcome');
  });
});

describe('loopback with RATE_LIMIT_EXEMPT empty', () => {
  let server: TestServer;
  beforeAll(async () => {
    server = await startTestServer({
      COLLECTOR_ENABLED: '0',
      RATE_LIMIT_EXEMPT: '',
      CONNECTIONS_MAX_PER_ADDRESS: String(MAX),
    });
  });
  afterAll(() => server?.stop());

  it('is capped like any address', async () => {
    for (let i = 0; i < MAX; i++) await openSse(`${server.url}/api/stream`);

    expectTooMany(await rawStream(server.port, '127.0.0.1'));
  });
});
