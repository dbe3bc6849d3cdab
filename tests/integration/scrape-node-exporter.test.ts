import { type ChildProcess, spawn } from 'node:child_process';
import { once } from 'node:events';
import { createServer } from 'node:net';
import os from 'node:os';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { formatSeriesKey } from '@/lib/protocol';
import { SCRAPE_ACCEPT } from '@/lib/scrape/scrape-fetch';
import { findProgram, missingProgramMessage, SYSTEM_DEPS } from '@/scripts/test-deps';
import { scrapeMetrics } from './helpers/metrics-scrape';
import { pointsOf } from './helpers/scrape-targets';
import { searchSeries } from './helpers/series-api';
import { startTestServer, type TestServer } from './helpers/start-test-server';

/** Scrape interval of the server under test, in ms (node_exporter answers in well under it). */
const INTERVAL_MS = 2000;
/** Longest node_exporter may take to answer after it starts, in milliseconds. */
const EXPORTER_START_MS = 10_000;
const WAIT = { timeout: 40_000, interval: 200 };

let exporter: ChildProcess | undefined;
let exporterUrl = '';
let instance = '';
let server: TestServer;
const startedAt = Date.now();

beforeAll(async () => {
  const binary = findProgram('prometheus-node-exporter');
  if (!binary) throw new Error(missingProgramMessage(SYSTEM_DEPS['prometheus-node-exporter']));
  const port = await freePort();
  instance = `127.0.0.1:${port}`;
  exporterUrl = `http://${instance}/metrics`;
  // As Debian ships it, on loopback and a port of the test's own.
  exporter = spawn(binary, [`--web.listen-address=${instance}`], { stdio: 'ignore' });
  await vi.waitFor(async () => expect((await fetch(exporterUrl)).status).toBe(200), {
    timeout: EXPORTER_START_MS,
    interval: 100,
  });
  server = await startTestServer({
    COLLECTOR_ENABLED: '0',
    SCRAPE_TARGETS: exporterUrl,
    SCRAPE_JOB: 'node',
    SCRAPE_INTERVAL_MS: String(INTERVAL_MS),
  });
  await vi.waitFor(async () => {
    const up = await pointsOf(server.url, upKey(), startedAt);
    expect(up.filter(([, v]) => v === 1).length).toBeGreaterThanOrEqual(3);
  }, WAIT);
}, 90_000);
afterAll(async () => {
  if (exporter && exporter.exitCode === null && exporter.signalCode === null) {
    exporter.kill('SIGTERM');
    await once(exporter, 'exit');
  }
  await server?.stop();
});

const upKey = () => `up{instance="${instance}",job="node"}`;
const key = (metric: string, labels: Record<string, string> = {}) =>
  formatSeriesKey(metric, { ...labels, instance, job: 'node' });

describe("Debian's prometheus-node-exporter, scraped by the real server", () => {
  it('answers the text format 0.0.4 to the Accept header Prometheus sends (1.5.0 has no OpenMetrics)', async () => {
    const response = await fetch(exporterUrl, { headers: { Accept: SCRAPE_ACCEPT } });
    await response.text();
    expect(response.headers.get('content-type')).toMatch(/^text\/plain; version=0\.0\.4/);
  });

  it('stores its gauges as they are: node_memory_MemTotal_bytes is this machine’s memory', async () => {
    const points = await pointsOf(server.url, key('node_memory_MemTotal_bytes'), startedAt);
    expect(points.length).toBeGreaterThanOrEqual(3);
    // Both read MemTotal of /proc/meminfo.
    expect(points.at(-1)?.[1]).toBe(os.totalmem());
  });

  it('stores its counters as per-second :rate: CPU idle of cpu 0 lies between 0 and 1 s/s', async () => {
    const rates = await pointsOf(
      server.url,
      key('node_cpu_seconds_total:rate', { cpu: '0', mode: 'idle' }),
      startedAt,
    );
    expect(rates.length).toBeGreaterThanOrEqual(2);
    for (const [, v] of rates) {
      expect(v).toBeGreaterThanOrEqual(0);
      // A clock tick of slack: the kernel counts in 10 ms ticks.
      expect(v).toBeLessThanOrEqual(1.01 + 0.01 / (INTERVAL_MS / 1000));
    }
    // Its own request counter grows with our scrapes: a rate above 0.
    const handled = await pointsOf(
      server.url,
      key('promhttp_metric_handler_requests_total:rate', { code: '200' }),
      startedAt,
    );
    expect(handled.at(-1)?.[1]).toBeGreaterThan(0);
  });

  it('stores its summary as exposed quantiles and :rate of the count, untyped samples as they are', async () => {
    const found = await searchSeries(server.url, '?match=go_gc_duration_seconds&limit=50');
    const keys = (found.body as { series: { key: string }[] }).series.map((s) => s.key);
    expect(keys).toContain(key('go_gc_duration_seconds', { quantile: '0.5' }));
    expect(keys).toContain(key('go_gc_duration_seconds:rate'));
    expect(keys).not.toContain(key('go_gc_duration_seconds_sum'));
    // node_netstat_* are untyped in 1.5.0 (counters in truth, but not declared so).
    const netstat = await pointsOf(server.url, key('node_netstat_Icmp_InMsgs'), startedAt);
    expect(netstat.length).toBeGreaterThanOrEqual(3);
    const all = await searchSeries(server.url, '?match=node_&limit=1000');
    expect((all.body as { total: number }).total).toBeGreaterThan(100);
  });

  it('counts every scrape ok on /metrics, then up 0 and stale series once node_exporter stops', async () => {
    const before = await scrapeMetrics(server.url);
    const ok = `pulseboard_scrapes_total{job="node",instance="${instance}",outcome="ok"}`;
    expect(before.get(ok)).toBeGreaterThanOrEqual(3);
    expect(
      [...before.keys()].filter(
        (k) => k.startsWith('pulseboard_scrapes_total') && !k.includes('"ok"'),
      ),
    ).toEqual([]);

    exporter?.kill('SIGTERM');
    if (exporter) await once(exporter, 'exit');
    let downAt = 0;
    await vi.waitFor(async () => {
      const up = await pointsOf(server.url, upKey(), startedAt);
      const down = up.filter(([, v]) => v === 0);
      expect(down.length).toBeGreaterThanOrEqual(2);
      downAt = down[0]?.[0] ?? 0;
    }, WAIT);
    const memory = await pointsOf(server.url, key('node_memory_MemTotal_bytes'), startedAt);
    expect(memory.every(([ts]) => ts < downAt)).toBe(true);
    const after = await scrapeMetrics(server.url);
    expect(
      after.get(
        `pulseboard_scrapes_total{job="node",instance="${instance}",outcome="unreachable"}`,
      ),
    ).toBeGreaterThanOrEqual(2);
  });
});

/** A TCP port free on 127.0.0.1 right now (node_exporter takes no port 0). */
async function freePort(): Promise<number> {
  const probe = createServer();
  probe.listen(0, '127.0.0.1');
  await once(probe, 'listening');
  const address = probe.address();
  const port = typeof address === 'object' && address ? address.port : 0;
  await new Promise((resolve) => probe.close(resolve));
  return port;
}
