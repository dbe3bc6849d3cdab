'use client';

import { type ReactNode, useEffect, useRef, useState } from 'react';
import {
  clockTime,
  isStale,
  STALE_CHECK_INTERVAL_MS,
  showsResynced,
  usualIntervalMs,
} from '../client/staleness';
import { useClock } from '../client/use-clock';
import { useTimeView } from './time-view-context';

/**
 * "stale since hh:mm:ss" when the live series `name` has been silent for more than
 * max(3 × its usual interval, STALE_MIN_MS), and "resynced" for RESYNCED_BADGE_MS after the
 * stream's resume fell back to a snapshot. No badge for a static (past) range.
 */
export function StaleBadge({ name }: { name: string }) {
  const view = useTimeView();
  const live = view?.liveStore;
  // When the newest sample was seen: its arrival time, or its own time (never later than now)
  // for what the first snapshot brought.
  const [seen, setSeen] = useState<{ at: number; interval: number | undefined } | undefined>();
  const newestRef = useRef<number | undefined>(undefined);

  useEffect(() => {
    if (!live) return;
    newestRef.current = undefined;
    const check = () => {
      const buffer = live.get(name);
      const newest = buffer?.ts[buffer.ts.length - 1];
      if (newest === undefined || newest === newestRef.current) return;
      const first = newestRef.current === undefined;
      newestRef.current = newest;
      const now = Date.now();
      setSeen({
        at: first ? Math.min(newest, now) : now,
        interval: usualIntervalMs(buffer?.ts ?? []),
      });
    };
    check();
    return live.subscribeSeries(name, check);
  }, [live, name]);

  const active = view?.mode === 'live';
  const now = useClock(STALE_CHECK_INTERVAL_MS, active);
  let badge: ReactNode = null;
  if (active && seen && isStale(seen.at, seen.interval, now)) {
    badge = (
      <span className="widget-badge widget-badge-stale" data-testid={`stale-${name}`}>
        stale since {clockTime(seen.at)}
      </span>
    );
  } else if (active && showsResynced(view?.resyncedAt, now)) {
    badge = (
      <span className="widget-badge widget-badge-resynced" data-testid={`resynced-${name}`}>
        resynced
      </span>
    );
  }
  // The wrapper carries the newest live sample time even for a static range (for tests).
  return (
    <span
      className="widget-badges"
      data-testid={`badges-${name}`}
      data-live-last-ts={newestRef.current}
    >
      {badge}
    </span>
  );
}
