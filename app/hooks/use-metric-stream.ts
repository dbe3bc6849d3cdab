'use client';

import { useEffect, useState, useSyncExternalStore } from 'react';
import type { SeriesInfo } from '@/lib/protocol';
import { SeriesStore } from './series-store';
import { StreamClient, type StreamState } from './stream-client';

/** What the dashboard needs from the metric stream. */
export type MetricStream = {
  /** Every series, in order of appearance; re-rendered only when the list changes. */
  series: readonly SeriesInfo[];
  /** The live points, read by widgets outside React renders. */
  store: SeriesStore;
  state: StreamState;
  /** The stream client, for other named events (`subscribeEvent('layout', ...)`). */
  client: StreamClient;
};

const SERVER_STATE: StreamState = { status: 'reconnecting' };
const NO_SERIES: readonly SeriesInfo[] = [];

/**
 * Opens the metric stream for the lifetime of the component that calls it. `signedIn`: the
 * page belongs to a login session (see StreamClient).
 */
export function useMetricStream(signedIn = false): MetricStream {
  const [store] = useState(() => new SeriesStore());
  const [client] = useState(() => new StreamClient(store, { signedIn }));
  useEffect(() => {
    client.start();
    return () => client.stop();
  }, [client]);
  const state = useSyncExternalStore(client.subscribe, client.getState, () => SERVER_STATE);
  const series = useSyncExternalStore(store.subscribeList, store.list, () => NO_SERIES);
  return { series, store, state, client };
}
