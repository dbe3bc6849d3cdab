import { afterEach, describe, expect, it } from 'vitest';
import { SqliteMetricStore } from '@/lib/store/sqlite/sqlite-metric-store';
import { openTempDatabase } from '@/lib/testing/temp-database';
import { Collector } from './collector';

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
