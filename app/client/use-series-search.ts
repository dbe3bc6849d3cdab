'use client';

import { useEffect, useState } from 'react';
import type { SeriesInfo } from '@/lib/protocol';
import { searchSeries } from './series-api';

/** Quiet time after the last keystroke before the server is asked, in milliseconds. Default 200. */
export const SERIES_SEARCH_DEBOUNCE_MS = 200;

/** What the server found for a query; `total` is how many series it stores in all. */
export type SeriesSearch = {
  query: string;
  status: 'idle' | 'loading' | 'done' | 'unavailable';
  series: readonly SeriesInfo[];
  total: number | undefined;
};

const IDLE: SeriesSearch = { query: '', status: 'idle', series: [], total: undefined };

/**
 * Asks `GET /api/series?q=` for names the page does not know, when `enabled` (the snapshot
 * left series out) and the picker is open; debounced, and the previous request is aborted.
 * `unavailable`: the server has no such endpoint or refused (the page searches what it knows).
 */
export function useSeriesSearch(query: string, enabled: boolean): SeriesSearch {
  const [result, setResult] = useState<SeriesSearch>(IDLE);
  useEffect(() => {
    if (!enabled) return;
    const controller = new AbortController();
    const timer = setTimeout(() => {
      setResult((r) => ({ ...r, query, status: 'loading' }));
      void searchSeries(query, controller.signal).then((answer) => {
        if (controller.signal.aborted) return;
        setResult(
          answer
            ? { query, status: 'done', series: answer.series, total: answer.total }
            : { query, status: 'unavailable', series: [], total: undefined },
        );
      });
    }, SERIES_SEARCH_DEBOUNCE_MS);
    return () => {
      clearTimeout(timer);
      controller.abort();
    };
  }, [query, enabled]);
  return enabled ? result : IDLE;
}
