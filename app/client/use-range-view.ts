'use client';

import { useEffect, useMemo, useSyncExternalStore } from 'react';
import type { RangeResolution, SeriesInfo } from '@/lib/protocol';
import { fetchRange } from './range-api';
import { RangeView, type RangeViewStatus } from './range-view';
import type { SeriesSource } from './series-source';
import type { SeriesStore } from './series-store';
import { DEFAULT_RANGE_PRESET, resolveTimeRange, type TimeRange } from './time-range';

/** What the dashboard draws for the selected range. */
export type RangeDisplay = {
  source: SeriesSource;
  series: readonly SeriesInfo[];
  /** `live`: the range ends now and follows the stream; `static`: a past range. */
  mode: 'live' | 'static';
  resolution: RangeResolution;
  status: RangeViewStatus;
};

const NO_SERIES: readonly SeriesInfo[] = [];
const READY = (): RangeViewStatus => 'ready';
const LOADING = (): RangeViewStatus => 'loading';

/**
 * The series of `range`. The default five-minute range is the live store itself (the stream's
 * snapshot is exactly that window); any other range is a RangeView loaded from `/api/range`
 * and, when it ends now, fed with the live samples that follow the answer.
 */
export function useRangeView(live: SeriesStore, range: TimeRange): RangeDisplay {
  const isDefault = range.kind === 'preset' && range.preset === DEFAULT_RANGE_PRESET;
  const key = range.kind === 'custom' ? `${range.from}-${range.to}` : range.preset;
  // biome-ignore lint/correctness/useExhaustiveDependencies: the key names the range
  const view = useMemo(() => {
    if (isDefault) return undefined;
    const { from, to, live: isLive } = resolveTimeRange(range, Date.now());
    const reloads = new EventTarget();
    const rangeView = new RangeView({
      live: isLive,
      spanMs: to - from,
      reload: () => reloads.dispatchEvent(new Event('reload')),
    });
    return { view: rangeView, from, to, reloads };
  }, [key, isDefault]);

  useEffect(() => {
    if (!view) return;
    const controller = new AbortController();
    const load = (from: number, to: number) =>
      fetchRange(from, to, controller.signal).then(
        (answer) => view.view.load(answer),
        () => {
          if (!controller.signal.aborted) view.view.fail();
        },
      );
    const reload = () => {
      const spanMs = view.to - view.from;
      const now = Date.now();
      void load(now - spanMs, now);
    };
    view.reloads.addEventListener('reload', reload);
    const unsubscribe = live.subscribeBatches(view.view.onBatch);
    void load(view.from, view.to);
    return () => {
      view.reloads.removeEventListener('reload', reload);
      controller.abort();
      unsubscribe();
    };
  }, [live, view]);

  const source: SeriesSource = view?.view ?? live;
  const series = useSyncExternalStore(source.subscribeList, source.list, () => NO_SERIES);
  const status = useSyncExternalStore(
    view?.view.subscribeStatus ?? noSubscribe,
    view?.view.status ?? READY,
    LOADING,
  );
  return {
    source,
    series,
    mode: view && !view.view.live ? 'static' : 'live',
    resolution: view?.view.resolution() ?? 'raw',
    status,
  };
}

function noSubscribe(): () => void {
  return () => {};
}
