'use client';

import { createContext, useContext } from 'react';
import type { RangeResolution } from '@/lib/protocol';
import type { PauseState } from '../client/pause-state';
import type { SeriesStore } from '../client/series-store';

/** What every widget needs to know about the time view besides its own series. */
export type TimeView = {
  /** The live store of the stream (staleness is judged on it, whatever the range). */
  liveStore: SeriesStore;
  pause: PauseState;
  /** `live`: the range ends now and follows the stream; `static`: a past range. */
  mode: 'live' | 'static';
  resolution: RangeResolution;
  /** When the stream's last resume fell back to a snapshot (StreamState.resyncedAt). */
  resyncedAt: number | undefined;
  /** The span the charts' x-axis covers at `nowMs`, in epoch ms: the chosen range. */
  window: (nowMs: number) => readonly [number, number];
  /** Shows `[fromMs, toMs]` (a drag on a chart): the page's range becomes that span. */
  zoom: (fromMs: number, toMs: number) => void;
};

export const TimeViewContext = createContext<TimeView | null>(null);

/** The page's time view; widgets outside the provider (none today) get null. */
export function useTimeView(): TimeView | null {
  return useContext(TimeViewContext);
}
