import { afterEach, describe, expect, it, vi } from 'vitest';
import { log } from '@/lib/logger';
import { SqliteMetricStore } from '@/lib/store/sqlite/sqlite-metric-store';
import { openTempDatabase } from '@/lib/testing/temp-database';
import { COLLECTOR_SERIES, Collector, collectorLabelsOf } from './collector';

const temp = openTempDatabase();
afterEach(() => temp.dispose());

describe('Collector', () => {
  it('writes one real sample of every built-in series in one commit', async () => {
    const store = new SqliteMetricStore(temp.db);
    const collector = new Collector(
      store,
      { sseStreams: () => 3, chatSockets: () => 2, chatMessagesPerMinute: () => 7 },
      1000,
    );
    const samples = await collector.collectOnce();
    expect(samples.map((s) => s.series)).toEqual([
      'host.cpu',
      'host.memory.used',
      'host.load1',
      'host.net.rx',
      'host.net.tx',
      'server.rss',
      'server.eventloop.delay',
      'server.sse.streams',
      'server.chat.sockets',
      'server.chat.messages',
    ]);
    expect(samples.map((s) => s.series)).toEqual(COLLECTOR_SERIES);
    expect(collector.seriesKeys()).toEqual(COLLECTOR_SERIES);
    const byName = Object.fromEntries(samples.map((s) => [s.series, s.value]));
    expect(byName['server.rss']).toBeGreaterThan(10_000_000);
    expect(byName['host.memory.used']).toBeGreaterThan(0);
    expect(byName['server.sse.streams']).toBe(3);
    expect(byName['server.chat.messages']).toBe(7);
    expect(await store.lastSeq()).toBe(10);
    expect((await store.listSeries()).find((s) => s.name === 'server.rss')?.unit).toBe('bytes');
    collector.stop();
    await store.close();
  });
});

describe('Collector with labels (PostgreSQL: one series per instance)', () => {
  it('writes every built-in series under its labels; no bare name is written', async () => {
    const own = openTempDatabase();
    const store = new SqliteMetricStore(own.db);
    const collector = new Collector(
      store,
      { sseStreams: () => 1, chatSockets: () => 0, chatMessagesPerMinute: () => 0 },
      1000,
      collectorLabelsOf('postgres', 'node-a'),
    );
    const samples = await collector.collectOnce();
    expect(samples.map((s) => s.series)).toContain('host.cpu{instance="node-a"}');
    expect(samples.map((s) => s.series)).toContain('server.sse.streams{instance="node-a"}');
    expect(samples.every((s) => s.series.endsWith('{instance="node-a"}'))).toBe(true);
    expect(collector.seriesKeys()).toEqual(samples.map((s) => s.series));
    const listed = await store.listSeries();
    expect(listed.find((s) => s.name === 'server.rss{instance="node-a"}')?.unit).toBe('bytes');
    expect(listed.some((s) => s.name === 'server.rss')).toBe(false);
    collector.stop();
    await store.close();
    own.dispose();
  });

  it('labels by instance with PostgreSQL only: SQLite keeps the bare names', () => {
    expect(collectorLabelsOf('postgres', 'node-a')).toEqual({ instance: 'node-a' });
    expect(collectorLabelsOf('sqlite', 'node-a')).toEqual({});
  });
});

describe('Collector at SERIES_MAX', () => {
  it('says once that its write was refused, not every interval, and again after one went through', async () => {
    const own = openTempDatabase();
    const store = new SqliteMetricStore(own.db, undefined, { seriesMax: 12 });
    await store.append([
      { series: 'taken.1', value: 1 },
      { series: 'taken.2', value: 1 },
      { series: 'taken.3', value: 1 },
    ]);
    const warn = vi.spyOn(log, 'warn');
    const error = vi.spyOn(log, 'error');
    const collector = new Collector(
      store,
      { sseStreams: () => 0, chatSockets: () => 0, chatMessagesPerMinute: () => 0 },
      1000,
    );
    await collector.collectOnce();
    await collector.collectOnce();
    expect(warn.mock.calls.filter(([msg]) => msg === 'collector write refused')).toHaveLength(1);
    expect(error).not.toHaveBeenCalled();
    expect(await store.lastSeq()).toBe(3);

    await store.deleteSeries('taken.1');
    await collector.collectOnce(); // 12 series now: its 10 fit
    expect(await store.lastSeq()).toBe(13);
    await store.deleteSeries('host.cpu');
    await store.append([{ series: 'taken.4', value: 1 }]);
    await collector.collectOnce();
    expect(warn.mock.calls.filter(([msg]) => msg === 'collector write refused')).toHaveLength(2);
    warn.mockRestore();
    error.mockRestore();
    collector.stop();
    await store.close();
    own.dispose();
  });
});
