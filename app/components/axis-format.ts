import { formatClock } from '../client/clock-format';
import { BYTES_PER_KB, SECONDS_FROM_MS } from './format-value';

/** Most decimals an axis label shows. */
export const AXIS_MAX_DECIMALS = 3;
/** Share of the data range added above and below it on the value axis. */
export const VALUE_RANGE_PAD_RATIO = 0.1;

const BYTE_UNITS = ['B', 'KB', 'MB', 'GB', 'TB', 'PB'] as const;

/**
 * Value-axis labels for tick values `splits`: one scale and just enough decimals for
 * neighbouring ticks to differ. Bytes, bytes/s, % and ms carry their unit; any other unit is
 * left to the widget header so labels stay narrow.
 */
export function formatValueTicks(splits: readonly number[], unit: string | undefined): string[] {
  const largest = Math.max(0, ...splits.map((v) => Math.abs(v)));
  const step = tickStep(splits);
  if (unit === 'bytes' || unit === 'bytes/s') {
    let i = 0;
    while (largest / BYTES_PER_KB ** i >= BYTES_PER_KB && i < BYTE_UNITS.length - 1) i++;
    const div = BYTES_PER_KB ** i;
    const suffix = `${BYTE_UNITS[i]}${unit === 'bytes/s' ? '/s' : ''}`;
    return splits.map((v) => `${(v / div).toFixed(decimalsFor(step / div))} ${suffix}`);
  }
  if (unit === 'ms' && largest >= SECONDS_FROM_MS) {
    return splits.map((v) => `${(v / 1000).toFixed(decimalsFor(step / 1000))} s`);
  }
  const suffix = unit === '%' ? '%' : unit === 'ms' ? ' ms' : '';
  return splits.map((v) => `${v.toFixed(decimalsFor(step))}${suffix}`);
}

/**
 * The value range to draw for data between `min` and `max`: padded, never below zero for
 * data that is not, and never empty (a flat line gets a band around it).
 */
export function valueRange(min: number | null, max: number | null): [number, number] {
  if (min === null || max === null || !Number.isFinite(min) || !Number.isFinite(max)) return [0, 1];
  const span = max - min;
  const pad = span > 0 ? span * VALUE_RANGE_PAD_RATIO : Math.abs(max) * VALUE_RANGE_PAD_RATIO || 1;
  const low = min - pad;
  return [min >= 0 && low < 0 ? 0 : low, max + pad];
}

/** Time-axis labels (ticks in seconds): 24-hour clock, with seconds when ticks are that close. */
export function formatTimeTicks(splits: readonly number[]): string[] {
  const withSeconds = tickStep(splits) < 60;
  return splits.map((s) => formatClock(s * 1000, { seconds: withSeconds }));
}

function tickStep(splits: readonly number[]): number {
  const [a, b] = splits;
  return a !== undefined && b !== undefined ? Math.abs(b - a) : 1;
}

/** Decimals needed to write `step` exactly (at six significant digits), at most AXIS_MAX_DECIMALS. */
function decimalsFor(step: number): number {
  if (!(step > 0)) return 0;
  if (step < 10 ** -AXIS_MAX_DECIMALS) return AXIS_MAX_DECIMALS;
  const fraction = String(Number(step.toPrecision(6))).split('.')[1] ?? '';
  return Math.min(AXIS_MAX_DECIMALS, fraction.length);
}
