import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { SCRAPE_BODY_MAX_BYTES } from '@/lib/scrape/scrape-fetch';
import { closeClients } from './helpers/cleanup';
import { getHealth } from './helpers/http-api';
import { scrapeMetrics } from './helpers/metrics-scrape';
import {
  downTarget,
  type FixtureTarget,
  pointsOf,
  sendText,
  startTarget,
} from './helpers/scrape-targets';
import { openSse } from './helpers/sse-client';
import { startTestServer, type TestServer } from './helpers/start-test-server';

/** Scrapes of the counting target waited for (the first gives no rate). */
const SCRAPES = 4;
const WAIT = { timeout: 30_000, interval: 100 };

/** The counter of scrape `n`: 100, 130, then a restart (10), 40, 70, ... */
const requestsAt = (n: number) => (n < 3 ? 100 + 30 * (n - 1) : 10 + 30 * (n - 3));

/**
 * Scrape `n` of the counting target: a gauge, a counter that resets at the third scrape, and a
 * histogram that starts with 10 observations at most 0.1 s, then gets 10 per scrape (5 at most
 * 0.1 s, 4 up to 1 s, 1 up to 5 s).
 * In OpenMetrics when asked for it, as Prometheus's client libraries do.
 */
function countingBody(n: number, openMetrics: boolean): string {
  // 10 observations at most 0.1 s before the first scrape: only deltas give the values below.
  const bucket = (le: string, per: number) =>
    `fixture_latency_seconds_bucket{le="${le}"} ${10 + per * (n - 1)}`;
  const counter = openMetrics
    ? `# TYPE fixture_requests counter\nfixture_requests_total{code="200"} ${requestsAt(n)}\nfixture_requests_created{code="200"} 1.7e9`
    : `# TYPE fixture_requests_total counter\nfixture_requests_total{code="200"} ${requestsAt(n)}`;
  return [
    '# TYPE fixture_temp gauge',
    `fixture_temp{room="a"} ${n * 1.5}`,
    counter,
    '# TYPE fixture_latency_seconds histogram',
    bucket('0.1', 5),
    bucket('1', 9),
    bucket('5', 10),
    bucket('+Inf', 10),
    `fixture_latency_seconds_sum ${n}`,
    `fixture_latency_seconds_count ${10 * n}`,
    ...(openMetrics ? ['# EOF'] : []),
    '',
  ].join('\n');
}

const targets: Record<string, FixtureTarget> = {};
let server: TestServer;
let flakyDown = false;
let accept: string | undefined;
const startedAt = Date.now();

beforeAll(async () => {
  targets.counting = await startTarget((req, res, n) => {
    accept = req.headers.accept;
    const openMetrics = /application\/openmetrics-text/.test(req.headers.accept ?? '');
    res.writeHead(200, {
      'Content-Type': openMetrics
        ? 'application/openmetrics-text; version=1.0.0; charset=utf-8'
        : 'text/plain; version=0.0.4; charset=utf-8',
    });
    res.end(countingBody(n, openMetrics));
  });
  targets.garbage = await startTarget((_req, res) =>
    res.writeHead(200, { 'Content-Type': 'text/html' }).end('<html><h1>It works!</h1></html>'),
  );
  // Never answers: the scrape is cut at SCRAPE_TIMEOUT_MS.
  targets.slow = await startTarget(() => undefined);
  targets.flaky = await startTarget((_req, res) =>
    flakyDown ? res.writeHead(503).end() : sendText(res, 'fixture_flaky 1\n'),
  );
  const filler = (bytes: number) => {
    const head = 'fixture_edge 1\n#';
    return `${head}${'x'.repeat(bytes - head.length - 1)}\n`;
  };
  targets.edge = await startTarget((_req, res) => sendText(res, filler(SCRAPE_BODY_MAX_BYTES)));
  targets.over = await startTarget((_req, res) => sendText(res, filler(SCRAPE_BODY_MAX_BYTES + 1)));
  targets.down = downTarget();
  server = await startTestServer({
    COLLECTOR_ENABLED: '0',
    SCRAPE_TARGETS: Object.values(targets)
      .map((t) => t.url)
      .join(','),
    SCRAPE_INTERVAL_MS: '1000',
    // The interval: generous for the 8 MiB bodies on a busy machine; the slow target never answers.
    SCRAPE_TIMEOUT_MS: '1000',
  });
  await vi.waitFor(
    () => expect(targets.counting?.scrapes()).toBeGreaterThanOrEqual(SCRAPES + 1),
    WAIT,
  );
}, 60_000);
afterAll(async () => {
  // SIGTERM with seven loops running (a scrape of the slow target may be open): a clean exit.
  expect((await server?.stop())?.code).toBe(0);
  await Promise.all(Object.values(targets).map((t) => t.close().catch(() => undefined)));
});

const t = (name: string) => targets[name] as FixtureTarget;
const key = (metric: string, target: FixtureTarget, extra = '') =>
  `${metric}{${extra}instance="${target.instance}",job="scrape"}`;
/** The points of the first SCRAPES scrapes of the counting target. */
const firstScrapes = async (k: string, count = SCRAPES) =>
  (await pointsOf(server.url, k, startedAt)).slice(0, count);

describe('Prometheus scrape (SCRAPE_TARGETS)', () => {
  it('asks for OpenMetrics first, as Prometheus does, and stores up 1 per scrape', async () => {
    expect(accept).toMatch(
      /^application\/openmetrics-text;version=1\.0\.0,.*text\/plain;version=0\.0\.4;q=0\.5/,
    );
    const up = await firstScrapes(key('up', t('counting')));
    expect(up.map(([, v]) => v)).toEqual([1, 1, 1, 1]);
  });

  it('stores a gauge as it is, with job and instance', async () => {
    const temp = await firstScrapes(key('fixture_temp', t('counting'), 'room="a",'));
    expect(temp.map(([, v]) => v)).toEqual([1.5, 3, 4.5, 6]);
  });

  it('stores a counter as :rate per second from the second scrape, through a reset, never negative', async () => {
    const up = await firstScrapes(key('up', t('counting')));
    const rates = await firstScrapes(
      key('fixture_requests_total:rate', t('counting'), 'code="200",'),
      SCRAPES - 1,
    );
    const seconds = (i: number) => ((up[i]?.[0] ?? 0) - (up[i - 1]?.[0] ?? 0)) / 1000;
    expect(rates.map(([ts]) => ts)).toEqual(up.slice(1).map(([ts]) => ts));
    // 100 -> 130: +30; 130 -> 10: a restart, +10; 10 -> 40: +30.
    expect(rates[0]?.[1]).toBeCloseTo(30 / seconds(1), 9);
    expect(rates[1]?.[1]).toBeCloseTo(10 / seconds(2), 9);
    expect(rates[2]?.[1]).toBeCloseTo(30 / seconds(3), 9);
  });

  it('stores a histogram as :p50/:p95/:p99 of each interval (from bucket deltas) and :rate of its count', async () => {
    const up = await firstScrapes(key('up', t('counting')));
    const of = (suffix: string) =>
      firstScrapes(key(`fixture_latency_seconds${suffix}`, t('counting')), SCRAPES - 1);
    // Each interval: 5 of 10 at most 0.1 s, 4 up to 1 s, 1 up to 5 s; linear inside a bucket.
    expect((await of(':p50')).map(([, v]) => v)).toEqual([0.1, 0.1, 0.1]);
    expect((await of(':p95')).map(([, v]) => v)).toEqual([3, 3, 3]);
    expect((await of(':p99')).map(([, v]) => v)).toEqual([
      expect.closeTo(4.6, 9),
      expect.closeTo(4.6, 9),
      expect.closeTo(4.6, 9),
    ]);
    const rate = await of(':rate');
    expect(rate[0]?.[1]).toBeCloseTo(10 / (((up[1]?.[0] ?? 0) - (up[0]?.[0] ?? 0)) / 1000), 9);
  });

  it.each([
    ['garbage', 'garbage'],
    ['slow', 'timeout'],
    ['down', 'unreachable'],
    ['over', 'too_large'],
  ])(
    'stores up 0 for the %s target, counts it (%s) and logs it; the server goes on',
    async (name, outcome) => {
      await vi.waitFor(async () => {
        const up = await pointsOf(server.url, key('up', t(name)), startedAt);
        expect(up.length).toBeGreaterThanOrEqual(2);
        expect(up.every(([, v]) => v === 0)).toBe(true);
        const metrics = await scrapeMetrics(server.url);
        const counted = `pulseboard_scrapes_total{job="scrape",instance="${t(name).instance}",outcome="${outcome}"}`;
        expect(metrics.get(counted)).toBeGreaterThanOrEqual(2);
      }, WAIT);
      expect(server.output()).toMatch(
        new RegExp(
          `"instance":"${t(name).instance}".*"outcome":"${outcome}".*"msg":"scrape failed"`,
        ),
      );
      expect((await getHealth(server.url)).status).toBe('ok');
    },
  );

  it(`reads a body of exactly SCRAPE_BODY_MAX_BYTES (${SCRAPE_BODY_MAX_BYTES})`, async () => {
    // Read and stored (a scrape of it may still time out on a very busy machine: not too_large).
    await vi.waitFor(async () => {
      const edge = await pointsOf(server.url, key('fixture_edge', t('edge')), startedAt);
      expect(edge[0]?.[1]).toBe(1);
    }, WAIT);
    const metrics = await scrapeMetrics(server.url);
    const edge = (outcome: string) =>
      `pulseboard_scrapes_total{job="scrape",instance="${t('edge').instance}",outcome="${outcome}"}`;
    expect(metrics.get(edge('ok'))).toBeGreaterThanOrEqual(1);
    expect(metrics.has(edge('too_large'))).toBe(false);
  });

  it('lets the series of a target that goes down go stale: up 0, no new samples', async () => {
    await vi.waitFor(async () => {
      expect(
        (await pointsOf(server.url, key('fixture_flaky', t('flaky')), startedAt)).length,
      ).toBeGreaterThanOrEqual(2);
    }, WAIT);
    flakyDown = true;
    const downFrom = t('flaky').scrapes() + 1;
    await vi.waitFor(() => expect(t('flaky').scrapes()).toBeGreaterThanOrEqual(downFrom + 1), WAIT);
    const up = await pointsOf(server.url, key('up', t('flaky')), startedAt);
    const flaky = await pointsOf(server.url, key('fixture_flaky', t('flaky')), startedAt);
    const firstDown = up.find(([, v]) => v === 0)?.[0];
    expect(firstDown).toBeDefined();
    expect(up.at(-1)?.[1]).toBe(0);
    expect(flaky.every(([ts]) => ts < (firstDown ?? 0))).toBe(true);
    expect(flaky.length).toBe(up.filter(([, v]) => v === 1).length);
  });

  it('pushes each scrape to a live stream of the series, as any other write', async () => {
    const upKey = key('up', t('counting'));
    const stream = await openSse(`${server.url}/api/stream?series=${encodeURIComponent(upKey)}`);
    await stream.nextEvent('snapshot');
    const event = await stream.nextEvent('samples', 5000);
    expect(event.data.samples).toEqual([expect.objectContaining({ series: upKey, value: 1 })]);
    closeClients();
  });

  it('counts the samples it stored on /metrics under protocol="scrape"', async () => {
    const metrics = await scrapeMetrics(server.url);
    expect(
      metrics.get('pulseboard_ingest_samples_total{protocol="scrape",outcome="accepted"}'),
    ).toBeGreaterThan(20);
    // A scrape is no request: nothing under pulseboard_ingest_requests_refused_total.
    expect(metrics.has('pulseboard_ingest_requests_refused_total{protocol="scrape"}')).toBe(false);
    expect(
      metrics.get(
        `pulseboard_scrapes_total{job="scrape",instance="${t('counting').instance}",outcome="ok"}`,
      ),
    ).toBeGreaterThanOrEqual(SCRAPES);
  });
});
