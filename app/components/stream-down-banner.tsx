'use client';

import { useEffect, useState } from 'react';
import type { ConnectionStatus } from '../client/connection-status';
import { clockTime, STALE_CHECK_INTERVAL_MS, showsStreamDown } from '../client/staleness';
import { useClock } from '../client/use-clock';

/**
 * A page banner while the metric stream has been down (reconnecting or offline) for longer than
 * STREAM_DOWN_BANNER_DELAY_MS: "Live data stopped at hh:mm:ss — reconnecting". The time is when
 * the stream was last live (or when the page started waiting for it). A stream paused because
 * every tab is hidden is not down.
 */
export function StreamDownBanner({ status }: { status: ConnectionStatus }) {
  const [downSince, setDownSince] = useState<number | undefined>(undefined);
  useEffect(() => {
    // Paused (every tab hidden, see shared-stream.ts) is a choice, not an outage.
    if (status === 'live' || status === 'paused') setDownSince(undefined);
    else setDownSince((since) => since ?? Date.now());
  }, [status]);
  const now = useClock(STALE_CHECK_INTERVAL_MS, downSince !== undefined);
  if (downSince === undefined || !showsStreamDown(downSince, now)) return null;
  return (
    <div className="stream-down-banner" role="alert" data-testid="stream-down-banner">
      Live data stopped at {clockTime(downSince)} — reconnecting
    </div>
  );
}
