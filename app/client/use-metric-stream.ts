'use client';

import { useEffect, useState, useSyncExternalStore } from 'react';
import { fetchSeriesHistory } from './series-api';
import { SERIES_WINDOW_MS } from './series-buffer';
import type { CatalogView } from './series-catalog';
import { SeriesStore } from './series-store';
import { documentVisibility, SharedStream } from './shared-stream';
import type { StreamState } from './stream-client';
import { browserTabPlatform } from './tab-leadership';

/** What the dashboard needs from the metric stream. */
export type MetricStream = {
  /** Every known series, how many the snapshot left out, and which were deleted. */
  catalog: CatalogView;
  /** The live points of the board's series, read by widgets outside React renders. */
  store: SeriesStore;
  state: StreamState;
  /** Other named SSE events (e.g. `layout`): `subscribeEvent(name, (data) => ...)`. */
  subscribeEvent: SharedStream['subscribeEvent'];
};

const SERVER_STATE: StreamState = { status: 'reconnecting' };
const NO_CATALOG: CatalogView = { series: [], omitted: 0, deleted: new Set() };

/**
 * Follows the metric stream for the lifetime of the component that calls it, sharing one
 * EventSource between the tabs of the browser (SharedStream). `signedIn`: the page belongs to a
 * login session (see StreamClient).
 */
export function useMetricStream(signedIn = false): MetricStream {
  const [store] = useState(
    () =>
      new SeriesStore({
        loadHistory: (names, signal) => fetchSeriesHistory(names, SERIES_WINDOW_MS, signal),
      }),
  );
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
  const catalog = useSyncExternalStore(store.subscribeList, store.catalog, () => NO_CATALOG);
  return { catalog, store, state, subscribeEvent: shared.subscribeEvent };
}
