import { errorFields, log } from '@/lib/logger';
import { StreamEvent } from '@/lib/protocol';
import type { ClusterStore } from '@/lib/store/cluster-store';
import type { LayoutBroadcaster, LayoutSource } from './layout-route';

/**
 * Sends the layouts other instances save to this instance's streams (`event: layout`): on a
 * `layout` hint (or a `resync`), the layout is read and broadcast with its version, so an
 * older one is never sent after a newer (the hub drops it). Nothing on one process (SQLite):
 * the PUT route broadcasts its own saves. Returns the function that stops it.
 */
export function relayClusterLayouts(deps: {
  cluster: ClusterStore;
  store: LayoutSource;
  hub: LayoutBroadcaster;
}): () => void {
  if (!deps.cluster.shared) return () => {};
  let newest = 0;
  return deps.cluster.subscribe((hint) => {
    if (hint.kind !== 'layout' && hint.kind !== 'resync') return;
    if (hint.kind === 'layout' && hint.version <= newest) return;
    void Promise.resolve(deps.store.get()).then(
      (layout) => {
        newest = Math.max(newest, layout.version);
        if (layout.version > 0) deps.hub.broadcast(StreamEvent.Layout, layout, layout.version);
      },
      (error: unknown) => log.warn('cluster layout read failed', errorFields(error)),
    );
  });
}
