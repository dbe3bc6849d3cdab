'use client';

import { useEffect, useMemo, useState } from 'react';
import type { ConnectionStatus } from '../client/connection-status';
import { PauseState } from '../client/pause-state';
import type { SeriesStore } from '../client/series-store';
import { describeTimeRange, type TimeRange, timeRangeKey } from '../client/time-range';
import { type RangeDisplay, useRangeView } from '../client/use-range-view';
import { useTimeRange } from '../client/use-time-range';
import { PauseButton } from './pause-button';
import { RangePicker } from './range-picker';
import type { TimeView } from './time-view-context';

/** The page's time controls: the range (from the URL), what it shows, and the pause switch. */
export type TimeControls = {
  range: TimeRange;
  select: (range: TimeRange) => void;
  display: RangeDisplay;
  pause: PauseState;
  view: TimeView;
  /** Changes with the range: the grid is rebuilt (charts start over) when it does. */
  key: string;
};

/** Wires the URL range, the range view and the pause switch to the live store. */
export function useTimeControls(
  liveStore: SeriesStore,
  resyncedAt: number | undefined,
): TimeControls {
  const [range, select] = useTimeRange();
  const display = useRangeView(liveStore, range);
  const [pause] = useState(() => new PauseState());
  useEffect(() => pause.countFrom(liveStore), [pause, liveStore]);
  const view = useMemo<TimeView>(
    () => ({ liveStore, pause, mode: display.mode, resolution: display.resolution, resyncedAt }),
    [liveStore, pause, display.mode, display.resolution, resyncedAt],
  );
  return { range, select, display, pause, view, key: timeRangeKey(range) };
}

/**
 * The bar above the dashboard: the range picker, whether the view is live or static (and its
 * resolution), and the pause button.
 */
export function TimeToolbar({
  controls,
  streamStatus,
}: {
  controls: TimeControls;
  /** The metric stream's status: "live" is not shown as live (green) while it is down. */
  streamStatus?: ConnectionStatus;
}) {
  const { display } = controls;
  return (
    <div className="time-toolbar">
      <RangePicker range={controls.range} onChange={controls.select} />
      <span
        className="range-mode"
        data-testid="range-mode"
        data-mode={display.mode}
        data-status={display.status}
        data-stream={streamStatus}
        data-resolution={display.resolution}
        title={describeTimeRange(controls.range)}
      >
        {display.status === 'loading'
          ? 'loading…'
          : display.status === 'error'
            ? 'range failed to load'
            : `${display.mode}${display.resolution === 'raw' ? '' : ` · ${display.resolution} rollups`}${
                display.mode === 'live' && streamStatus !== undefined && streamStatus !== 'live'
                  ? ` (${streamStatus})`
                  : ''
              }`}
      </span>
      <PauseButton pause={controls.pause} />
    </div>
  );
}
