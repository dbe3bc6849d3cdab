import { onThemeChange } from './theme-events';

/** Canvas colours of the charts, read from the CSS custom properties of the current theme. */
export type ChartColors = {
  axis: string;
  grid: string;
  line: string;
  fill: string;
  /** Threshold lines: the widget's `warn` and `critical` levels. */
  warn: string;
  critical: string;
};

/** Used before the stylesheet is readable (never on screen in practice): the dark palette. */
const FALLBACK: ChartColors = {
  axis: '#9aa3b0',
  grid: 'rgba(255, 255, 255, 0.07)',
  line: '#4cc2ff',
  fill: 'rgba(76, 194, 255, 0.12)',
  warn: '#f0b429',
  critical: '#ff6b6b',
};

let cached: ChartColors | undefined;
// Registered when the module loads, before any chart subscribes: the cache is dropped first.
if (typeof window !== 'undefined') {
  onThemeChange(() => {
    cached = undefined;
  });
}

/**
 * The chart colours now. uPlot calls this on every draw (through stroke functions), so the
 * computed style is read once per theme, not per frame: the cache is dropped on a theme change.
 */
export function chartColors(): ChartColors {
  if (typeof window === 'undefined') return FALLBACK;
  cached ??= readColors(getComputedStyle(document.documentElement));
  return cached;
}

function readColors(style: CSSStyleDeclaration): ChartColors {
  const read = (name: string, fallback: string) => style.getPropertyValue(name).trim() || fallback;
  return {
    axis: read('--chart-axis', FALLBACK.axis),
    grid: read('--chart-grid', FALLBACK.grid),
    line: read('--chart-line', FALLBACK.line),
    fill: read('--chart-fill', FALLBACK.fill),
    warn: read('--warn', FALLBACK.warn),
    critical: read('--bad', FALLBACK.critical),
  };
}
