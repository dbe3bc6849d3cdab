import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { readRangeOf } from '../store-contract/harness';
import { closeClients } from './helpers/cleanup';
import { getJson, pushSamples } from './helpers/http-api';
import { deleteSeries, searchSeries } from './helpers/series-api';
import { collectSamples, openSse, pushAndSettle } from './helpers/sse-client';
import { startTestServer, type TestServer } from './helpers/start-test-server';
import { withStores } from './helpers/stores';

const HOUR = 3_600_000;

let server: TestServer;
beforeAll(async () => {
  server = await startTestServer({ COLLECTOR_ENABLED: '0' });
});
afterAll(() => server?.stop());
afterEach(closeClients);

describe('GET /api/series', () => {
  it('lists the series whose name holds q, by name, with how many match in all', async () => {
    await pushSamples(server.url, [
      { series: 'find.cpu.user', value: 1, unit: '%' },
      { series: 'find.cpu.sys', value: 1 },
      { series: 'find.CPU_total', value: 1 },
      { series: 'find.mem', value: 1 },
    ]);
    expect(await searchSeries(server.url, '?q=cpu&limit=2')).toMatchObject({
      status: 200,
      body: {
        series: [{ name: 'find.CPU_total' }, { name: 'find.cpu.sys' }],
        total: 3,
      },
    });
    const all = await searchSeries(server.url, '?q=find.');
    expect(all.body).toEqual({
      series: [
        { name: 'find.CPU_total' },
        { name: 'find.cpu.sys' },
        { name: 'find.cpu.user', unit: '%' },
        { name: 'find.mem' },
      ],
      total: 4,
    });
    expect(all.headers.get('cache-control')).toBe('no-store');
  });

  it.each([
    ['?limit=1001', 'limit must be a whole number from 0 to 1000, got "1001"'],
    ['?limit=abc', 'limit must be a whole number from 0 to 1000, got "abc"'],
    [`?q=${'x'.repeat(129)}`, 'q must be at most 128 characters (the longest series name)'],
  ])('answers %s with 400 bad_request', async (query, message) => {
    expect(await searchSeries(server.url, query)).toMatchObject({
      status: 400,
      body: { error: { code: 'bad_request', message } },
    });
  });
});

describe('DELETE /api/series/<name>', () => {
  it('deletes the samples, the rollups and the series, and answers how many samples went', async () => {
    const now = Date.now();
    await pushSamples(server.url, [
      { series: 'del.gone', value: 1, ts: now - 2 * HOUR, unit: 'ms' },
      { series: 'del.gone', value: 2, ts: now - 1000 },
      { series: 'del.kept', value: 3, ts: now - 1000 },
    ]);

    expect(await deleteSeries(server.url, 'del.gone')).toEqual({
      status: 200,
      body: { series: 'del.gone', samples: 2 },
    });

    const range = await getJson(
      `${server.url}/api/range?from=${now - 3 * HOUR}&to=${now}&series=del.gone,del.kept`,
    );
    expect((range.body as { series: { name: string }[] }).series.map((s) => s.name)).toEqual([
      'del.kept',
    ]);
    const left = await withStores(server.databasePath, async (s) => ({
      minute: await readRangeOf(
        s.metrics,
        { from: now - 3 * HOUR, to: now, series: ['del.gone'] },
        '1m',
      ),
      hour: await readRangeOf(
        s.metrics,
        { from: now - 3 * HOUR, to: now, series: ['del.gone'] },
        '1h',
      ),
      names: (await s.metrics.searchSeries('del.', 10)).series,
    }));
    expect(left).toMatchObject({ minute: { series: [] }, hour: { series: [] } });
    expect(left.names).toEqual([{ name: 'del.kept' }]);
  });

  it('answers 404 not_found for a series that does not exist, and 400 for a name no series can have', async () => {
    expect(await deleteSeries(server.url, 'del.never')).toEqual({
      status: 404,
      body: { error: { code: 'not_found', message: 'there is no series named del.never' } },
    });
    expect(await deleteSeries(server.url, 'a b')).toMatchObject({
      status: 400,
      body: { error: { code: 'bad_request' } },
    });
    const get = await fetch(`${server.url}/api/series/del.kept`);
    expect([get.status, get.headers.get('allow')]).toEqual([405, 'DELETE, OPTIONS']);
  });

  it('sends event: series-deleted, without id, to every open stream, whatever its filter', async () => {
    await pushAndSettle(server.url, [{ series: 'ev.x', value: 1, unit: 'ms' }]);
    const all = await openSse(`${server.url}/api/stream`);
    const other = await openSse(`${server.url}/api/stream?series=ev.other`);
    await all.nextEvent('snapshot');
    await other.nextEvent('snapshot');

    expect((await deleteSeries(server.url, 'ev.x')).status).toBe(200);
    for (const stream of [all, other]) {
      const item = await stream.next((i) => i.event === 'series-deleted');
      expect(item.raw).toBe('event: series-deleted\ndata: {"series":"ev.x"}\n\n');
      expect(item.id).toBeUndefined();
    }

    // Pushed again, it is a new series: described again, with no unit of the old one.
    const again = await pushSamples(server.url, [{ series: 'ev.x', value: 2 }]);
    const { events } = await collectSamples(all, again.seq);
    expect(events.at(-1)?.data).toMatchObject({
      samples: [{ series: 'ev.x', value: 2 }],
      series: [{ name: 'ev.x' }],
    });
  });

  it('gives a stream that resumes after missing a delete a snapshot without the series', async () => {
    const first = await openSse(`${server.url}/api/stream?series=res.x,res.y`);
    await first.nextEvent('snapshot');
    const pushed = await pushSamples(server.url, [
      { series: 'res.x', value: 1 },
      { series: 'res.y', value: 2 },
    ]);
    const seen = await collectSamples(first, pushed.seq);
    const cursor = seen.events.at(-1)?.id as string;
    first.close();

    expect((await deleteSeries(server.url, 'res.x')).status).toBe(200);

    const resumed = await openSse(`${server.url}/api/stream?series=res.x,res.y`, {
      headers: { 'Last-Event-ID': cursor },
    });
    const firstEvent = await resumed.nextEvent();
    expect(firstEvent.event).toBe('snapshot');
    expect(firstEvent.data).toMatchObject({
      series: [{ name: 'res.y', points: [[expect.any(Number), 2]] }],
    });
    expect((firstEvent.data as { series: unknown[] }).series).toHaveLength(1);

    // A cursor past the deletion resumes with a replay again.
    const past = await pushSamples(server.url, [{ series: 'res.y', value: 3 }]);
    await pushSamples(server.url, [{ series: 'res.y', value: 4 }]);
    const after = await openSse(`${server.url}/api/stream?series=res.x,res.y`, {
      headers: { 'Last-Event-ID': String(past.seq) },
    });
    const replay = await after.nextEvent();
    expect(replay).toMatchObject({ event: 'samples', data: { samples: [{ value: 4 }] } });
  });
});
