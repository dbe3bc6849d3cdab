import type { Widget } from '@/lib/protocol';

/** Where a gauge's ends come from: set on the widget, fixed by the unit, or the data seen. */
export type GaugeScale = { min: number; max: number; from: 'set' | 'unit' | 'observed' };

/**
 * The scale of a gauge: the widget's own `min`/`max` when set; 0..100 for `%`; otherwise the
 * range the drawn data covers (from 0 for data that never goes below it), so a 598 ms p99 is
 * not a full arc on a 0..100 scale and a load of 3.7 is not a sliver.
 */
export function gaugeScale(
  widget: Widget,
  unit: string | undefined,
  values: readonly number[] | undefined,
): GaugeScale {
  if (widget.min !== undefined && widget.max !== undefined) {
    return { min: widget.min, max: widget.max, from: 'set' };
  }
  let scale: GaugeScale;
  if (unit === '%') scale = { min: 0, max: 100, from: 'unit' };
  else {
    let low = 0;
    let high = 0;
    for (const v of values ?? []) {
      if (!Number.isFinite(v)) continue;
      if (v < low) low = v;
      if (v > high) high = v;
    }
    scale = { min: low, max: high > low ? high : low + 1, from: 'observed' };
  }
  const min = widget.min ?? scale.min;
  const max = widget.max ?? scale.max;
  if (widget.min !== undefined || widget.max !== undefined) {
    return { min, max: max > min ? max : min + 1, from: 'set' };
  }
  return scale;
}

/** The gauge's fill, 0..1, of `value` on `scale`. */
export function gaugeFill(value: number, scale: GaugeScale): number {
  if (!Number.isFinite(value) || scale.max <= scale.min) return 0;
  return Math.max(0, Math.min(1, (value - scale.min) / (scale.max - scale.min)));
}
