import { describe, expect, it } from 'vitest';
import type { StoredSample } from '@/lib/store/metric-store';
import { openMemoryStores } from '@/lib/testing/memory-stores';
import { StreamHub } from './stream-hub';

describe('StreamHub onRows', () => {
  it('hands every committed row to the listener once, in seq order, without any stream open', async () => {
    const stores = openMemoryStores();
    const seen: StoredSample[] = [];
    const hub = new StreamHub(stores.metrics, {
      keepAliveIntervalMs: 60_000,
      onRows: (rows) => seen.push(...rows),
    });
    await hub.start();
    try {
      await stores.metrics.append([
        { series: 'cpu', value: 1, ts: 1_000 },
        { series: 'mem', value: 2, ts: 1_000 },
      ]);
      await hub.flush();
      await stores.metrics.append([{ series: 'cpu', value: 3, ts: 2_000 }]);
      await hub.flush();
      await hub.flush(); // nothing new: nothing more
      expect(seen.map((r) => [r.series, r.value])).toEqual([
        ['cpu', 1],
        ['mem', 2],
        ['cpu', 3],
      ]);
      expect(seen.map((r) => r.seq)).toEqual([...seen.map((r) => r.seq)].sort((a, b) => a - b));
    } finally {
      hub.closeAll();
      await stores.close();
    }
  });
});
