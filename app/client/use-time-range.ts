'use client';

import { useCallback, useEffect, useState } from 'react';
import {
  DEFAULT_RANGE,
  parseTimeRange,
  serialiseTimeRange,
  type TimeRange,
  timeRangeKey,
} from './time-range';

export {
  parseTimeRange,
  serialiseTimeRange,
  type TimeRange,
} from './time-range';

/**
 * The page's time range, kept in the URL (`?range=` or `?from=&to=`): read on mount, pushed to
 * the history on change (so Back returns to the previous range), re-read on `popstate`.
 */
export function useTimeRange(): [TimeRange, (range: TimeRange) => void] {
  // The server render has no URL here: start from the default, read the URL after mount.
  const [range, setRange] = useState<TimeRange>(DEFAULT_RANGE);
  useEffect(() => {
    const read = () => {
      const next = parseTimeRange(window.location.search);
      setRange((current) => (timeRangeKey(current) === timeRangeKey(next) ? current : next));
    };
    read();
    window.addEventListener('popstate', read);
    return () => window.removeEventListener('popstate', read);
  }, []);
  const select = useCallback((next: TimeRange) => {
    const query = serialiseTimeRange(next, window.location.search);
    const url = `${window.location.pathname}${query ? `?${query}` : ''}${window.location.hash}`;
    if (url !== `${window.location.pathname}${window.location.search}${window.location.hash}`) {
      window.history.pushState(window.history.state, '', url);
    }
    setRange((current) => (timeRangeKey(current) === timeRangeKey(next) ? current : next));
  }, []);
  return [range, select];
}
