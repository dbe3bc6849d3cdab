'use client';

import { useEffect, useState, useSyncExternalStore } from 'react';
import type { SeriesInfo } from '@/lib/protocol';
import { SeriesStore } from './series-store';
import { documentVisibility, SharedStream } from './shared-stream';
import type { StreamState } from './stream-client';
import { browserTabPlatform } from './tab-leadership';

/** What the dashboard needs from the metric stream. */
export type MetricStream = {
  /** Every series, in order of appearance; re-rendered only when the list changes. */
  series: readonly SeriesInfo[];
  /** The live points, read by widgets outside React renders. */
  store: SeriesStore;
  state: StreamState;
  /** Other named SSE events (e.g. `layout`): `subscribeEvent(name, (data) => ...)`. */
  subscribeEvent: SharedStream['subscribeEvent'];
};

const SERVER_STATE: StreamState = { status: 'reconnecting' };
const NO_SERIES: readonly SeriesInfo[] = [];

/**
 * Follows the metric stream for the lifetime of the component that calls it, sharing one
 * EventSource between the tabs of the browser (SharedStream). `signedIn`: the page belongs to a
 * login session (see StreamClient).
 */
export function useMetricStream(signedIn = false): MetricStream {
  const [store] = useState(() => new SeriesStore());
  const [shared] = useState(
    () =>
      new SharedStream(store, {
        signedIn,
        platform: browserTabPlatform(),
        page: documentVisibility(),
      }),
  );
  useEffect(() => {
    shared.start();
    return () => shared.stop();
  }, [shared]);
  const state = useSyncExternalStore(shared.subscribe, shared.getState, () => SERVER_STATE);
  const series = useSyncExternalStore(store.subscribeList, store.list, () => NO_SERIES);
  return { series, store, state, subscribeEvent: shared.subscribeEvent };
}
