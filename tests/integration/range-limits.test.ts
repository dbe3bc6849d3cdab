import { connect, type Socket } from 'node:net';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { closeClients, trackClient } from './helpers/cleanup';
import { getHealth, pushSamples } from './helpers/http-api';
import { parseMetrics, scrapeMetrics } from './helpers/metrics-scrape';
import { whileStopped } from './helpers/paused-server';
import { type RawResponse, sendRaw } from './helpers/raw-http';
import { startTestServer, type TestServer } from './helpers/start-test-server';

const RATE_PER_MIN = 3;
const CONCURRENCY_MAX = 1;
const QUEUE_MAX = 2;
const BURST = 8;

const rangeRequest = (address?: string) =>
  `GET /api/range?from=${Date.now() - 600_000}&to=${Date.now()} HTTP/1.1\r\nHost: 127.0.0.1\r\n` +
  `${address ? `X-Forwarded-For: ${address}\r\n` : ''}Connection: close\r\n\r\n`;

afterEach(closeClients);

/** Issue 10, B6: `/api/range` is rate limited per address and bounded in concurrency. */
describe('GET /api/range limits', () => {
  let server: TestServer;
  beforeAll(async () => {
    server = await startTestServer({
      COLLECTOR_ENABLED: '0',
      TRUST_PROXY: '1',
      RATE_LIMIT_RANGE_PER_MIN: String(RATE_PER_MIN),
      RANGE_CONCURRENCY_MAX: String(CONCURRENCY_MAX),
      RANGE_QUEUE_MAX: String(QUEUE_MAX),
    });
    const now = Date.now();
    await pushSamples(
      server.url,
      Array.from({ length: 500 }, (_, i) => ({ series: 'rl.a', value: i, ts: now - i * 100 })),
    );
  });
  afterAll(() => server?.stop());

  it(`answers ${RATE_PER_MIN} ranges a minute per address, then 429 rate_limited with Retry-After`, async () => {
    const address = '203.0.113.20';
    const answers: RawResponse[] = [];
    for (let i = 0; i <= RATE_PER_MIN; i++)
      answers.push(await sendRaw(server.port, [rangeRequest(address)]));
    const other = await sendRaw(server.port, [rangeRequest('203.0.113.21')]);

    expect(answers.map((a) => a.status)).toEqual([200, 200, 200, 429]);
    expect(answers[RATE_PER_MIN]).toMatchObject({
      body: { error: { code: 'rate_limited', message: expect.stringMatching(/per minute/) } },
      headers: { 'retry-after': expect.stringMatching(/^\d+$/) },
    });
    expect(other.status).toBe(200);
  });

  it(`serves ${CONCURRENCY_MAX} at a time, queues ${QUEUE_MAX}, and refuses the rest with 503 overloaded + Retry-After, counted on /metrics`, async () => {
    // Requests from loopback (exempt from the rate limit) on connections the server has
    // already served once, all written while it is stopped: it reads them in one turn of its
    // event loop, so which wait and which are refused does not depend on the machine's speed.
    // A scrape written last is read in the same turn, while the first read runs (off the loop).
    const sockets = await Promise.all(Array.from({ length: BURST }, () => openSocket(server.port)));
    const scrapeSocket = await openSocket(server.port);
    const before = await scrapeMetrics(server.url);
    const answers: Promise<Answer>[] = [];
    let during: Promise<Answer> | undefined;
    await whileStopped(server.child.pid as number, () => {
      for (const socket of sockets) {
        answers.push(readAnswer(socket));
        socket.write(rangeRequest());
      }
      during = readAnswer(scrapeSocket);
      scrapeSocket.write('GET /metrics HTTP/1.1\r\nHost: 127.0.0.1\r\nConnection: close\r\n\r\n');
    });
    const results = await Promise.all(answers);
    const duringReads = parseMetrics((await during)?.text ?? '');
    const after = await scrapeMetrics(server.url);

    const served = results.filter((r) => r.status === 200);
    const refused = results.filter((r) => r.status === 503);
    expect(served).toHaveLength(CONCURRENCY_MAX + QUEUE_MAX);
    expect(refused).toHaveLength(BURST - CONCURRENCY_MAX - QUEUE_MAX);
    for (const answer of refused) {
      expect(answer.text).toMatch(/"code":"overloaded"/);
      expect(answer.text).toMatch(/RANGE_CONCURRENCY_MAX/);
      expect(answer.head).toMatch(/\r\nRetry-After: \d+\r\n/i);
    }
    expect((await getHealth(server.url)).status).toBe('ok');
    const refusedBefore = before.get(REFUSED) ?? 0;
    expect([IN_FLIGHT, QUEUED, REFUSED].map((name) => duringReads.get(name))).toEqual([
      CONCURRENCY_MAX,
      QUEUE_MAX,
      refusedBefore + refused.length,
    ]);
    expect([IN_FLIGHT, QUEUED, REFUSED].map((name) => after.get(name))).toEqual([
      0,
      0,
      refusedBefore + refused.length,
    ]);
  });
});

const IN_FLIGHT = 'pulseboard_range_reads_in_flight';
const QUEUED = 'pulseboard_range_reads_queued';
const REFUSED = 'pulseboard_range_reads_refused_total';

type Answer = { status: number; head: string; text: string };

/** A keep-alive connection the server has accepted and served one health check on. */
async function openSocket(port: number): Promise<Socket> {
  const socket = await new Promise<Socket>((resolve, reject) => {
    const opened = connect(port, '127.0.0.1', () => resolve(opened));
    trackClient(() => opened.destroy());
    opened.once('error', reject);
  });
  await new Promise<void>((resolve) => {
    let seen = '';
    const onData = (chunk: Buffer) => {
      seen += chunk.toString();
      const end = seen.indexOf('\r\n\r\n');
      const length = Number(/content-length: (\d+)/i.exec(seen)?.[1] ?? -1);
      if (end >= 0 && length >= 0 && seen.length >= end + 4 + length) {
        socket.off('data', onData);
        resolve();
      }
    };
    socket.on('data', onData);
    socket.write('GET /api/health HTTP/1.1\r\nHost: 127.0.0.1\r\n\r\n');
  });
  return socket;
}

/** The status, head and body of the one answer a `Connection: close` request gets. */
function readAnswer(socket: Socket): Promise<Answer> {
  return new Promise((resolve) => {
    const chunks: Buffer[] = [];
    socket.on('data', (chunk: Buffer) => chunks.push(chunk));
    socket.once('close', () => {
      const raw = Buffer.concat(chunks).toString();
      const end = raw.indexOf('\r\n\r\n');
      resolve({
        status: Number(/^HTTP\/1\.1 (\d{3})/.exec(raw)?.[1] ?? 0),
        head: raw.slice(0, end),
        text: raw.slice(end + 4),
      });
    });
  });
}
