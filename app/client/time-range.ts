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
