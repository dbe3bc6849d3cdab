import { once } from 'node:events';
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { AppError } from '@/lib/errors';
import { IngestTally } from '@/lib/metrics/ingest-tally';
import type { SampleInput } from '@/lib/store/metric-store';
import type { ScrapeTarget } from './scrape-config';
import { SCRAPE_ACCEPT } from './scrape-fetch';
import { ScrapeLoop } from './scrape-loop';
import { ScrapeTally } from './scrape-tally';

type Handler = (req: IncomingMessage, res: ServerResponse) => void;
const servers: Server[] = [];
const loops: ScrapeLoop[] = [];
afterEach(async () => {
  await Promise.all(loops.splice(0).map((l) => l.stop()));
  for (const s of servers.splice(0)) s.closeAllConnections();
  await Promise.all(servers.map((s) => new Promise((r) => s.close(r))));
});

/** A target on port 0 answering with `handler`; its URL. */
async function target(handler: Handler): Promise<string> {
  const server = createServer(handler);
  servers.push(server);
  server.listen(0, '127.0.0.1');
  await once(server, 'listening');
  return `http://127.0.0.1:${(server.address() as AddressInfo).port}/metrics`;
}

const text =
  (body: string): Handler =>
  (_req, res) => {
    res.writeHead(200, { 'Content-Type': 'text/plain; version=0.0.4' }).end(body);
  };

function loopOf(
  url: string,
  over: Partial<ScrapeTarget> = {},
  deps: { bodyMaxBytes?: number; samplesMax?: number } = {},
) {
  const batches: SampleInput[][] = [];
  const store = {
    append: vi.fn(async (samples: SampleInput[]) => {
      batches.push(samples);
      return { accepted: samples.length, seq: batches.length };
    }),
  };
  const ingest = new IngestTally();
  const scrapes = new ScrapeTally();
  const instance = new URL(url).host;
  const loop = new ScrapeLoop(
    {
      url,
      job: 'j',
      instance,
      intervalMs: 1000,
      timeoutMs: 1000,
      labels: { job: 'j', instance },
      ...over,
    },
    { store, ingest, scrapes, ...deps },
  );
  loops.push(loop);
  const up = `up{instance="${instance}",job="j"}`;
  return { loop, store, batches, ingest, scrapes, up };
}

describe('ScrapeLoop.scrapeOnce', () => {
  it('asks like Prometheus and stores the series and up 1 in one append, stamped at the start', async () => {
    let accept: string | undefined;
    const url = await target((req, res) => {
      accept = req.headers.accept;
      text('# TYPE t gauge\nt 7\n')(req, res);
    });
    const { loop, batches, ingest, scrapes, up } = loopOf(url);
    const before = Date.now();
    expect(await loop.scrapeOnce()).toBe('ok');

    expect(accept).toBe(SCRAPE_ACCEPT);
    expect(batches).toHaveLength(1);
    const instance = new URL(url).host;
    expect(batches[0]?.map((s) => [s.series, s.value])).toEqual([
      [`t{instance="${instance}",job="j"}`, 7],
      [up, 1],
    ]);
    expect(batches[0]?.[0]?.ts).toBe(batches[0]?.[1]?.ts);
    expect(batches[0]?.[0]?.ts).toBeGreaterThanOrEqual(before);
    expect(ingest.counts().find((c) => c.protocol === 'scrape')).toMatchObject({
      accepted: 2,
      refused: 0,
    });
    expect(scrapes.counts()).toEqual([{ job: 'j', instance, outcome: 'ok', count: 1 }]);
  });

  it.each([
    ['answers 500', 'http_error', ((_q, res) => res.writeHead(500).end('oops')) as Handler],
    ['answers garbage', 'garbage', text('<html>Welcome to nginx!</html>')],
    [
      'answers OpenMetrics without # EOF',
      'garbage',
      ((_q, res) =>
        res
          .writeHead(200, { 'Content-Type': 'application/openmetrics-text; version=1.0.0' })
          .end('a 1\n')) as Handler,
    ],
    ['never answers', 'timeout', (() => undefined) as Handler],
    [
      'sends headers then stalls the body',
      'timeout',
      ((_q, res) => res.writeHead(200).write('a 1\n')) as Handler,
    ],
  ])('stores only up 0 when the target %s (%s)', async (_, outcome, handler) => {
    const url = await target(handler);
    const { loop, batches, scrapes, up } = loopOf(url, { timeoutMs: 200 });
    expect(await loop.scrapeOnce()).toBe(outcome);
    expect(batches.map((b) => b.map((s) => [s.series, s.value]))).toEqual([[[up, 0]]]);
    expect(scrapes.counts()[0]).toMatchObject({ outcome, count: 1 });
  });

  it('stores up 0 for a target nobody listens on (unreachable)', async () => {
    const url = await target(text(''));
    const server = servers.pop() as Server;
    await new Promise((r) => server.close(r));
    const { loop, batches, up } = loopOf(url);
    expect(await loop.scrapeOnce()).toBe('unreachable');
    expect(batches).toEqual([[expect.objectContaining({ series: up, value: 0 })]]);
  });

  it('reads a body of exactly the cap and refuses one byte more (too_large), chunked or not', async () => {
    const body = 'a 1\n#'.padEnd(64, 'x');
    for (const chunked of [false, true]) {
      const url = await target((_q, res) => {
        if (!chunked) res.setHeader('Content-Length', Buffer.byteLength(body));
        res.writeHead(200);
        res.end(body);
      });
      expect(await loopOf(url, {}, { bodyMaxBytes: 64 }).loop.scrapeOnce()).toBe('ok');
      expect(await loopOf(url, {}, { bodyMaxBytes: 63 }).loop.scrapeOnce()).toBe('too_large');
    }
  });

  it('takes exactly the sample cap and refuses one sample more (too_many_samples)', async () => {
    const url = await target(text('a 1\nb 2\nc 3\n'));
    expect(await loopOf(url, {}, { samplesMax: 3 }).loop.scrapeOnce()).toBe('ok');
    expect(await loopOf(url, {}, { samplesMax: 2 }).loop.scrapeOnce()).toBe('too_many_samples');
  });

  it('stores up alone when the store refuses the scrape (series cap)', async () => {
    const url = await target(text('a 1\n'));
    const { loop, store, batches, ingest, up } = loopOf(url);
    store.append.mockRejectedValueOnce(new AppError('series_limit', 'full'));
    expect(await loop.scrapeOnce()).toBe('ok');
    expect(batches.map((b) => b.map((s) => s.series))).toEqual([[up]]);
    expect(ingest.counts().find((c) => c.protocol === 'scrape')).toMatchObject({
      accepted: 1,
      refused: 1,
    });
  });
});

describe('ScrapeLoop.start/stop', () => {
  it('never runs two scrapes of one target at once, even when a scrape outlasts the interval', async () => {
    let inFlight = 0;
    let most = 0;
    let answered = 0;
    const url = await target((_q, res) => {
      inFlight++;
      most = Math.max(most, inFlight);
      res.on('finish', () => {
        inFlight--;
        answered++;
      });
      setTimeout(() => text('a 1\n')(_q, res), 30);
    });
    const { loop } = loopOf(url, { intervalMs: 5, timeoutMs: 5000 });
    loop.start();
    await vi.waitFor(() => expect(answered).toBeGreaterThanOrEqual(4), { timeout: 10_000 });
    expect(most).toBe(1);
  });

  it('stop() aborts the scrape under way and stores nothing of it', async () => {
    let arrived = 0;
    const url = await target(() => {
      arrived++;
    });
    const { loop, batches } = loopOf(url, { timeoutMs: 60_000, intervalMs: 60_000 });
    loop.start();
    await vi.waitFor(() => expect(arrived).toBe(1));
    await loop.stop();
    expect(batches).toEqual([]);
  });
});
