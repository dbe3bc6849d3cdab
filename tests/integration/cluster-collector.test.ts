import { describe, expect, it } from 'vitest';
import type { SeriesSearchAnswer } from '@/lib/protocol';
import { instanceClusterOfFile } from './helpers/file-instance-cluster';
import { searchSeries } from './helpers/series-api';
import { openSse } from './helpers/sse-client';
import { startTestServer } from './helpers/start-test-server';

/** The collector's pace in these tests, in milliseconds (SAMPLE_INTERVAL_MS's smallest). */
const SAMPLE_INTERVAL_MS = '100';
/** Longest the collector may take to write what a test waits for, in milliseconds. */
const COLLECT_WAIT_MS = 30_000;

/**
 * Issue 12: the built-in collector's host and server series, once per instance. With
 * PostgreSQL (two instances on one database) each writes `host.cpu{instance="<INSTANCE_ID>"}`
 * and so on: distinct series, not two instances' values interleaved under one name. With
 * SQLite the bare names stay (the layouts that show them keep working).
 */
const cluster = instanceClusterOfFile({
  instances: 2,
  idPrefix: 'collect',
  env: { COLLECTOR_ENABLED: '1', SAMPLE_INTERVAL_MS },
});

/** The keys of the stored series whose metric is `metric`. */
const keysOf = async (metric: string) =>
  (await cluster().sql(`SELECT name FROM series WHERE metric = '${metric}' ORDER BY name`))
    .split('\n')
    .filter(Boolean);
/** The newest value of the series `key`. */
const newest = async (key: string) =>
  Number(
    await cluster().sql(
      `SELECT value FROM samples WHERE series_id = (SELECT id FROM series WHERE name = '${key.replaceAll("'", "''")}')
       ORDER BY seq DESC LIMIT 1`,
    ),
  );

describe('the collector with two instances over one PostgreSQL', () => {
  it('writes one series per instance, labelled instance=<INSTANCE_ID>, never the bare name', async () => {
    const [one, two] = [cluster().idOf(0), cluster().idOf(1)];
    for (const metric of ['host.cpu', 'server.rss', 'server.sse.streams']) {
      await expect
        .poll(() => keysOf(metric), { timeout: COLLECT_WAIT_MS })
        .toEqual([`${metric}{instance="${one}"}`, `${metric}{instance="${two}"}`]);
    }
    expect(
      await cluster().sql("SELECT COUNT(*) FROM series WHERE name LIKE 'host.%' AND labels = '{}'"),
    ).toBe('0');
  });

  it("keeps each instance's values apart: streams open on one instance count there only", async () => {
    const [one, two] = [cluster().idOf(0), cluster().idOf(1)];
    const url = cluster().instances[0]?.url as string;
    const streams = await Promise.all([openSse(`${url}/api/stream`), openSse(`${url}/api/stream`)]);
    await Promise.all(streams.map((s) => s.nextEvent('snapshot')));
    await expect
      .poll(
        async () => [
          await newest(`server.sse.streams{instance="${one}"}`),
          await newest(`server.sse.streams{instance="${two}"}`),
        ],
        { timeout: COLLECT_WAIT_MS },
      )
      .toEqual([2, 0]);
  });
});

describe('the collector on SQLite', () => {
  it('keeps the bare names', async () => {
    const server = await startTestServer({ COLLECTOR_ENABLED: '1', SAMPLE_INTERVAL_MS });
    try {
      await expect
        .poll(
          async () => {
            const found = (await searchSeries(server.url, '?match=host.cpu'))
              .body as SeriesSearchAnswer;
            return found.series.map((s) => s.key);
          },
          { timeout: COLLECT_WAIT_MS },
        )
        .toEqual(['host.cpu']);
    } finally {
      await server.stop();
    }
  });
});
