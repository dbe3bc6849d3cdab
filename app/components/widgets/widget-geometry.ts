/** Width and height of the sparkline's SVG viewBox (user units; the SVG scales to its box). */
export const SPARKLINE_VIEW_W = 100;
export const SPARKLINE_VIEW_H = 30;
/** Most points a sparkline draws (the newest ones). */
export const SPARKLINE_MAX_POINTS = 120;
/** Radius of the gauge arc in its 100 × 60 viewBox. */
export const GAUGE_RADIUS = 40;

/** SVG `points` of a sparkline of the newest values, scaled to the viewBox; '' under 2 points. */
export function sparklinePoints(values: readonly number[]): string {
  const shown = values.slice(-SPARKLINE_MAX_POINTS);
  if (shown.length < 2) return '';
  let min = Number.POSITIVE_INFINITY;
  let max = Number.NEGATIVE_INFINITY;
  for (const v of shown) {
    if (v < min) min = v;
    if (v > max) max = v;
  }
  const span = max - min || 1;
  const step = SPARKLINE_VIEW_W / (shown.length - 1);
  return shown
    .map((v, i) => {
      const x = i * step;
      const y = SPARKLINE_VIEW_H - ((v - min) / span) * SPARKLINE_VIEW_H;
      return `${round(x)},${round(y)}`;
    })
    .join(' ');
}

/**
 * The SVG path of a half-circle gauge arc from the left end, filled to `fraction` (0..1),
 * centred at (50, 50) in a 100 × 60 viewBox.
 */
export function gaugeArcPath(fraction: number): string {
  const f = Math.max(0, Math.min(1, fraction));
  const angle = Math.PI * (1 - f);
  const x = 50 + GAUGE_RADIUS * Math.cos(angle);
  const y = 50 - GAUGE_RADIUS * Math.sin(angle);
  return `M ${50 - GAUGE_RADIUS} 50 A ${GAUGE_RADIUS} ${GAUGE_RADIUS} 0 0 1 ${round(x)} ${round(y)}`;
}

function round(n: number): number {
  return Math.round(n * 100) / 100;
}
