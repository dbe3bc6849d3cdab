import { RANGE_BOUND_MAX_DIGITS, RANGE_MAX_SPAN_MS } from '@/lib/protocol';
import { formatDateTime } from './clock-format';

/** The preset ranges of the picker, each ending now. */
export const RANGE_PRESETS = ['5m', '15m', '1h', '6h', '24h', '7d'] as const;
export type RangePreset = (typeof RANGE_PRESETS)[number];

/** The range shown when the URL names none (today's live five-minute view). */
export const DEFAULT_RANGE_PRESET: RangePreset = '5m';

const MINUTE_MS = 60_000;

/** Span of each preset, in milliseconds. */
export const PRESET_SPAN_MS: Record<RangePreset, number> = {
  '5m': 5 * MINUTE_MS,
  '15m': 15 * MINUTE_MS,
  '1h': 60 * MINUTE_MS,
  '6h': 6 * 60 * MINUTE_MS,
  '24h': 24 * 60 * MINUTE_MS,
  '7d': 7 * 24 * 60 * MINUTE_MS,
};

/**
 * What the page shows: a preset ending now (live) or a custom `[from, to]` in epoch ms (static
 * when it ends in the past, i.e. always once loaded).
 */
export type TimeRange =
  | { kind: 'preset'; preset: RangePreset }
  | { kind: 'custom'; from: number; to: number };

export const DEFAULT_RANGE: TimeRange = { kind: 'preset', preset: DEFAULT_RANGE_PRESET };

function isPreset(value: string | null): value is RangePreset {
  return value !== null && (RANGE_PRESETS as readonly string[]).includes(value);
}

const EPOCH_MS_PATTERN = new RegExp(`^\\d{1,${RANGE_BOUND_MAX_DIGITS}}$`);

function parseEpochMs(value: string | null): number | undefined {
  if (value === null || !EPOCH_MS_PATTERN.test(value)) return undefined;
  const n = Number(value);
  return Number.isSafeInteger(n) ? n : undefined;
}

/**
 * The range a query string names: `?range=<preset>` or `?from=<ms>&to=<ms>` (from < to, at most
 * RANGE_MAX_SPAN_MS apart, as `GET /api/range` accepts). Anything missing or invalid gives the default range.
 */
export function parseTimeRange(search: string | URLSearchParams): TimeRange {
  const params = typeof search === 'string' ? new URLSearchParams(search) : search;
  const from = parseEpochMs(params.get('from'));
  const to = parseEpochMs(params.get('to'));
  if (from !== undefined && to !== undefined && from < to && to - from <= RANGE_MAX_SPAN_MS) {
    return { kind: 'custom', from, to };
  }
  const preset = params.get('range');
  if (isPreset(preset)) return { kind: 'preset', preset };
  return DEFAULT_RANGE;
}

/**
 * `search` with the range parameters replaced by `range` (other parameters such as `widget` are
 * kept); the default range writes no parameter at all. Returns the query without its `?`.
 */
export function serialiseTimeRange(range: TimeRange, search = ''): string {
  const params = new URLSearchParams(search);
  params.delete('range');
  params.delete('from');
  params.delete('to');
  if (range.kind === 'custom') {
    params.set('from', String(range.from));
    params.set('to', String(range.to));
  } else if (range.preset !== DEFAULT_RANGE_PRESET) {
    params.set('range', range.preset);
  }
  return params.toString();
}

/** The `[from, to]` a range covers at `nowMs`, and whether it ends now (live). */
export function resolveTimeRange(
  range: TimeRange,
  nowMs: number,
): { from: number; to: number; live: boolean } {
  if (range.kind === 'custom') return { from: range.from, to: range.to, live: false };
  return { from: nowMs - PRESET_SPAN_MS[range.preset], to: nowMs, live: true };
}

/** A stable key of a range (equal ranges give equal keys). */
export function timeRangeKey(range: TimeRange): string {
  return range.kind === 'custom' ? `${range.from}-${range.to}` : range.preset;
}

/** A short label: the preset, or both ends of a custom range in local time. */
export function describeTimeRange(range: TimeRange): string {
  if (range.kind === 'preset') return `last ${range.preset}`;
  return `${formatDateTime(range.from)} – ${formatDateTime(range.to)}`;
}

/** Narrowest span a drag on a chart zooms to, in milliseconds (a wider one is kept as dragged). */
export const ZOOM_MIN_SPAN_MS = 10_000;
/** Share of the span one pan step moves the range by. */
export const PAN_STEP_RATIO = 0.5;

/**
 * The custom range a drag from `fromMs` to `toMs` zooms to: at least ZOOM_MIN_SPAN_MS wide
 * (around the middle of the drag), at most RANGE_MAX_SPAN_MS, whole milliseconds.
 */
export function zoomRange(fromMs: number, toMs: number): TimeRange {
  let from = Math.round(Math.min(fromMs, toMs));
  let to = Math.round(Math.max(fromMs, toMs));
  if (to - from < ZOOM_MIN_SPAN_MS) {
    const middle = Math.round((from + to) / 2);
    from = middle - ZOOM_MIN_SPAN_MS / 2;
    to = middle + ZOOM_MIN_SPAN_MS / 2;
  }
  if (to - from > RANGE_MAX_SPAN_MS) from = to - RANGE_MAX_SPAN_MS;
  return { kind: 'custom', from: Math.max(0, from), to };
}

/**
 * `range` moved by PAN_STEP_RATIO of its span, earlier (-1) or later (+1). A preset becomes
 * the custom range it covers at `nowMs`; a later step never goes past `nowMs` (the future has
 * no data): it ends at `nowMs` instead.
 */
export function panRange(range: TimeRange, direction: -1 | 1, nowMs: number): TimeRange {
  const { from, to } = resolveTimeRange(range, nowMs);
  const step = Math.round((to - from) * PAN_STEP_RATIO) * direction;
  const end = Math.min(to + step, nowMs);
  return { kind: 'custom', from: end - (to - from), to: end };
}
