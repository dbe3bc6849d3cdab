import { afterAll, afterEach, beforeAll, describe, expect, it, vi } from 'vitest';
import { openChat } from './helpers/chat-client';
import { closeClients } from './helpers/cleanup';
import { openRequest } from './helpers/http-api';
import { countLogLines } from './helpers/log-watch';
import { scrapeMetrics } from './helpers/metrics-scrape';
import { mib, readRssBytes } from './helpers/process-memory';
import { openSse } from './helpers/sse-client';
import { abortChatUpgrade } from './helpers/stalled-readers';
import { startTestServer, type TestServer } from './helpers/start-test-server';

/** Connects and disconnects of each kind (SSE, chat); `npm run test:stress` runs 10,000. */
const CHURN_COUNT = Number(process.env.CHURN_COUNT ?? 1000);
/** Churns of each kind before the baseline is taken (JIT, pools and caches warmed up). */
const WARMUP_COUNT = 1000;
/** Connections in flight at once. */
const CONCURRENCY = 50;
/** One in this many connections of each kind is aborted mid-handshake instead. */
const ABORT_EVERY = 10;
/** RSS after the churn and a full GC may exceed the baseline by at most this share. */
const RSS_TOLERANCE = 0.1;
/** Longest wait after a GC for RSS to come back within RSS_TOLERANCE, in milliseconds. */
const RSS_SETTLE_MS = 3000;

let server: TestServer;
let gcDone: ReturnType<typeof countLogLines>;
beforeAll(async () => {
  server = await startTestServer({ COLLECTOR_ENABLED: '0' }, { nodeArgs: ['--expose-gc'] });
  gcDone = countLogLines(server.child, (line) => line.msg === 'gc done');
});
afterAll(() => server?.stop());
afterEach(closeClients);

describe('connection churn', () => {
  it(
    `leaves no stream, socket, name, timer or memory behind after ${CHURN_COUNT} connects of each kind`,
    async () => {
      await churn(WARMUP_COUNT);
      await settled();
      const baseline = await scrapeMetrics(server.url);
      const base = await memoryAfterGc();

      const startedAt = performance.now();
      const done = await churn(CHURN_COUNT);
      const churnMs = performance.now() - startedAt;
      const after = await settled();
      const end = await memoryAfterGc();
      const settledRss = await lowestRss(end.rss, base.rss * (1 + RSS_TOLERANCE));

      const resources = (m: Map<string, number>) =>
        [...m]
          .filter(([k]) => k.startsWith('pulseboard_active_resources{'))
          .map(([k, v]) => `${k.slice(k.indexOf('"') + 1, -2)}=${v}`)
          .join(' ');
      console.log(
        `[churn] ${done.sse} SSE streams and ${done.chat} chat sockets opened and closed, ` +
          `${done.aborted} handshakes aborted, in ${(churnMs / 1000).toFixed(1)} s at ` +
          `${CONCURRENCY} at a time; after a full GC: RSS ${mib(base.rss)} → ${mib(settledRss)} MiB ` +
          `(${percent(base.rss, settledRss)}; ${mib(end.rss)} MiB right after the GC), V8 heap used ${mib(base.heapUsed)} → ` +
          `${mib(end.heapUsed)} MiB (${percent(base.heapUsed, end.heapUsed)}); ` +
          `active resources before: ${resources(baseline)}; after: ${resources(after)}`,
      );
      expect(done).toEqual({
        sse: CHURN_COUNT - CHURN_COUNT / ABORT_EVERY,
        chat: CHURN_COUNT - CHURN_COUNT / ABORT_EVERY,
        aborted: (2 * CHURN_COUNT) / ABORT_EVERY,
      });
      expect(settledRss).toBeLessThanOrEqual(base.rss * (1 + RSS_TOLERANCE));
      expect(after.get('pulseboard_active_resources{type="Timeout"}')).toBe(
        baseline.get('pulseboard_active_resources{type="Timeout"}'),
      );
      // Left open: the scrape's own connection and at most one idle keep-alive one of fetch.
      expect(after.get('pulseboard_active_resources{type="TCPSocketWrap"}')).toBeLessThanOrEqual(2);
    },
    60_000 + CHURN_COUNT * 30,
  );
});

function percent(from: number, to: number): string {
  return `${to >= from ? '+' : ''}${(((to - from) / from) * 100).toFixed(1)}%`;
}

type Done = { sse: number; chat: number; aborted: number };

/** `count` connects of each kind, CONCURRENCY at a time; one in ABORT_EVERY is aborted. */
async function churn(count: number): Promise<Done> {
  const done: Done = { sse: 0, chat: 0, aborted: 0 };
  const one = async (i: number) => {
    const kind = i % 2 === 0 ? 'sse' : 'chat';
    const n = Math.floor(i / 2);
    if (n % ABORT_EVERY === ABORT_EVERY - 1) {
      if (kind === 'sse') await abortStream(n);
      else await abortChatUpgrade(server.port, `abort-${n % 7}`, n % 2 ? 'request' : 'response');
      done.aborted++;
    } else if (kind === 'sse') {
      const stream = await openSse(
        `${server.url}/api/stream${n % 3 ? `?series=churn.${n % 5}` : ''}`,
      );
      await stream.nextEvent('snapshot');
      stream.close();
      await stream.ended;
      done.sse++;
    } else {
      const chat = await openChat(server.wsUrl, { name: `churn-${n % 13}` });
      await chat.close();
      done.chat++;
    }
  };
  let next = 0;
  const worker = async () => {
    while (next < 2 * count) await one(next++);
  };
  await Promise.all(Array.from({ length: CONCURRENCY }, worker));
  return done;
}

/** Half the aborted streams go before the response head, half right after it. */
async function abortStream(n: number): Promise<void> {
  const request = openRequest(`${server.url}/api/stream`);
  if (n % 2) await request.response;
  request.destroy();
}

/** Waits until the hubs hold nothing (the keep-alive timer runs while the hub is started). */
function settled(): Promise<Map<string, number>> {
  return vi.waitFor(
    async () => {
      const m = await scrapeMetrics(server.url);
      expect({
        streams: m.get('pulseboard_sse_streams_open'),
        groups: m.get('pulseboard_sse_filter_groups'),
        sockets: m.get('pulseboard_chat_sockets_open'),
        online: m.get('pulseboard_chat_online_names'),
        keepAlive: m.get('pulseboard_hub_timer_active{timer="sse_keepalive"}'),
        heartbeat: m.get('pulseboard_hub_timer_active{timer="chat_heartbeat"}'),
        presence: m.get('pulseboard_hub_timer_active{timer="chat_presence"}'),
      }).toEqual({
        streams: 0,
        groups: 0,
        sockets: 0,
        online: 0,
        keepAlive: 1,
        heartbeat: 0,
        presence: 0,
      });
      return m;
    },
    { timeout: 10_000, interval: 100 },
  );
}

/**
 * Asks the server for a full GC (SIGUSR2, see gc-on-signal.ts) and waits for its log line;
 * resolves with the V8 heap in use after it and the RSS read from /proc just after that.
 */
async function memoryAfterGc(): Promise<{ rss: number; heapUsed: number }> {
  const before = gcDone.count();
  server.child.kill('SIGUSR2');
  await vi.waitFor(() => expect(gcDone.count()).toBe(before + 1), { timeout: 5000 });
  const line = gcDone.last() as { heapUsedBytes: number };
  return { rss: readRssBytes(server.child.pid as number), heapUsed: line.heapUsedBytes };
}

/**
 * V8 hands freed pages back to the OS just after a collection, not within it: reads RSS until
 * it is at most `limit` or RSS_SETTLE_MS have passed, and resolves with the lowest value read.
 */
async function lowestRss(first: number, limit: number): Promise<number> {
  let lowest = first;
  await vi
    .waitFor(
      () => {
        lowest = Math.min(lowest, readRssBytes(server.child.pid as number));
        if (lowest > limit) throw new Error(`RSS ${lowest} is still over ${limit}`);
      },
      { timeout: RSS_SETTLE_MS, interval: 100 },
    )
    .catch(() => undefined);
  return lowest;
}
