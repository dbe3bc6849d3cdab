'use client';

import { useCallback, useEffect, useMemo, useState } from 'react';
import type { ConnectionStatus } from '../client/connection-status';
import { PauseState } from '../client/pause-state';
import type { SeriesStore } from '../client/series-store';
import {
  DEFAULT_RANGE,
  describeTimeRange,
  panRange,
  resolveTimeRange,
  type TimeRange,
  timeRangeKey,
  zoomRange,
} from '../client/time-range';
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
  /** Moves the range half its span earlier (-1) or later (+1). */
  pan: (direction: -1 | 1) => void;
  /** Back to the range before the first zoom or pan (the default range when there was none). */
  reset: (() => void) | undefined;
};

/** Wires the URL range, the range view and the pause switch to the live store. */
export function useTimeControls(
  liveStore: SeriesStore,
  resyncedAt: number | undefined,
): TimeControls {
  const [range, select] = useTimeRange();
  const display = useRangeView(liveStore, range);
  const [pause] = useState(() => new PauseState());
  // The range a zoom or pan started from, for Reset (undefined when not zoomed).
  const [unzoomed, setUnzoomed] = useState<TimeRange | undefined>(undefined);
  useEffect(() => pause.countFrom(liveStore), [pause, liveStore]);
  const moveTo = useCallback(
    (next: TimeRange) => {
      setUnzoomed((before) => before ?? range);
      select(next);
    },
    [range, select],
  );
  const view = useMemo<TimeView>(
    () => ({
      liveStore,
      pause,
      mode: display.mode,
      resolution: display.resolution,
      resyncedAt,
      window: (nowMs) => {
        const { from, to } = resolveTimeRange(range, nowMs);
        return [from, to];
      },
      zoom: (from, to) => moveTo(zoomRange(from, to)),
    }),
    [liveStore, pause, display.mode, display.resolution, resyncedAt, range, moveTo],
  );
  const zoomed = unzoomed !== undefined || range.kind === 'custom';
  return {
    range,
    select: (next) => {
      setUnzoomed(undefined);
      select(next);
    },
    display,
    pause,
    view,
    key: timeRangeKey(range),
    pan: (direction) => moveTo(panRange(range, direction, Date.now())),
    reset: zoomed
      ? () => {
          setUnzoomed(undefined);
          select(unzoomed ?? DEFAULT_RANGE);
        }
      : undefined,
  };
}

/**
 * The bar above the dashboard: the range picker, whether the view is live or static (and its
 * resolution), pan and reset-zoom buttons (a drag on any chart zooms), and the pause button.
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
      <fieldset className="range-pan">
        <legend className="visually-hidden">Move the range</legend>
        <button
          type="button"
          data-testid="range-pan-earlier"
          aria-label="Earlier: move the range back half its span"
          onClick={() => controls.pan(-1)}
        >
          ←
        </button>
        <button
          type="button"
          data-testid="range-pan-later"
          aria-label="Later: move the range forward half its span"
          onClick={() => controls.pan(1)}
        >
          →
        </button>
        {controls.reset ? (
          <button type="button" data-testid="range-reset" onClick={controls.reset}>
            Reset zoom
          </button>
        ) : null}
      </fieldset>
      <PauseButton pause={controls.pause} />
    </div>
  );
}
