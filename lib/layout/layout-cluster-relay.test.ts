import { describe, expect, it, vi } from 'vitest';
import { StreamEvent } from '@/lib/protocol';
import { MemoryDatabase } from '@/lib/testing/memory-database';
import { openMemoryStores } from '@/lib/testing/memory-stores';
import { relayClusterLayouts } from './layout-cluster-relay';

describe('relayClusterLayouts', () => {
  it('broadcasts the layout another instance saved, with its version', async () => {
    const database = new MemoryDatabase();
    const here = openMemoryStores(database, { cluster: true });
    const broadcast = vi.fn();
    const stop = relayClusterLayouts({
      cluster: here.cluster,
      store: here.layout,
      hub: { broadcast },
    });
    // Saved by another instance on the same database: hinted as PostgreSQL's NOTIFY does.
    await openMemoryStores(database, { cluster: true }).layout.put(0, []);
    await vi.waitFor(() =>
      expect(broadcast).toHaveBeenCalledWith(StreamEvent.Layout, { version: 1, widgets: [] }, 1),
    );
    stop();
  });

  it('does nothing on one process (SQLite): the route broadcasts its own saves', () => {
    const stores = openMemoryStores();
    const subscribe = vi.spyOn(stores.cluster, 'subscribe');
    relayClusterLayouts({
      cluster: stores.cluster,
      store: stores.layout,
      hub: { broadcast: vi.fn() },
    });
    expect(subscribe).not.toHaveBeenCalled();
  });
});
