import {
  PAGE_BENCH_BASELINE_PANELS,
  PAGE_BENCH_LONG_FRAME_MS,
  PAGE_BENCH_MEASURE_MS,
  PAGE_BENCH_PANELS,
  PAGE_BENCH_SERIES,
  PAGE_BENCH_VIEWPORT,
  PAGE_BENCH_WRITE_INTERVAL_MS,
} from './page-config';
import type { FrameFigures } from './page-measure';
import type { Summary } from './stats';

/** What `npm run bench:page` ran and measured. */
export type PageRun = {
  date: string;
  machine: string;
  chromium: string;
  loadAverages: { start: number[]; end: number[] };
  durationS: number;
  frames: { small: FrameFigures; big: FrameFigures };
  search: { small: Summary; big: Summary; smallSeries: number };
  warnings: string[];
};

type Row = [string, number, number];

/** The Markdown report: the baseline board beside the big one, the small store beside the big. */
export function renderPageReport(run: PageRun): string {
  const { small, big } = run.frames;
  const frameRows: Row[] = [
    ['frame interval p50 (ms)', small.frameMs.p50, big.frameMs.p50],
    ['frame interval p99 (ms)', small.frameMs.p99, big.frameMs.p99],
    ['frame interval max (ms)', small.frameMs.max, big.frameMs.max],
    [`long frames (> ${PAGE_BENCH_LONG_FRAME_MS} ms)`, small.longFrames, big.longFrames],
    ['main-thread tasks (ms per s)', small.taskMsPerS, big.taskMsPerS],
    ['script (ms per s)', small.scriptMsPerS, big.scriptMsPerS],
    ['layout + style (ms per s)', small.layoutMsPerS, big.layoutMsPerS],
    ['JS heap in use (MiB)', small.heapMiB, big.heapMiB],
    ['charts on the page', small.charts, big.charts],
    ['charts that drew new samples', small.chartsDrawn, big.chartsDrawn],
  ];
  const searchRows: Row[] = [
    ['search to first option, p50 (ms)', run.search.small.p50, run.search.big.p50],
    ['search to first option, max (ms)', run.search.small.max, run.search.big.max],
  ];
  const lines = [
    `# bench:page ${run.date}`,
    '',
    `\`npm run bench:page\`: Chromium ${run.chromium} (Playwright, headless) at ` +
      `${PAGE_BENCH_VIEWPORT.width}x${PAGE_BENCH_VIEWPORT.height} on the production server; ` +
      `every panel's series gets a sample every ${PAGE_BENCH_WRITE_INTERVAL_MS} ms while ` +
      `frames are measured for ${PAGE_BENCH_MEASURE_MS / 1000} s per board. Machine: ` +
      `${run.machine}; load average ${fmtLoad(run.loadAverages.start)} at the start, ` +
      `${fmtLoad(run.loadAverages.end)} at the end; ${run.durationS.toFixed(0)} s.`,
    '',
    `| figure | ${PAGE_BENCH_BASELINE_PANELS} panels | ${PAGE_BENCH_PANELS} panels | ratio |`,
    '|---|--:|--:|--:|',
    ...frameRows.map(row),
    '',
    `The series picker, searched ${run.search.small.count} times for a panel's series (its ` +
      'debounce included), with the store holding the panels\u2019 series only and then ' +
      `${PAGE_BENCH_SERIES.toLocaleString('en')} series:`,
    '',
    `| figure | ${run.search.smallSeries} series | ${PAGE_BENCH_SERIES.toLocaleString('en')} series | ratio |`,
    '|---|--:|--:|--:|',
    ...searchRows.map(row),
  ];
  if (run.warnings.length) lines.push('', '## Warnings', '', ...run.warnings.map((w) => `- ${w}`));
  return `${lines.join('\n')}\n`;
}

function row([name, a, b]: Row): string {
  const ratio = Number.isFinite(a) && Number.isFinite(b) && a !== 0 ? `${(b / a).toFixed(2)}x` : '';
  return `| ${name} | ${fmt(a)} | ${fmt(b)} | ${ratio} |`;
}

function fmt(n: number): string {
  if (!Number.isFinite(n)) return 'n/a';
  return Math.abs(n) >= 100 || Number.isInteger(n) ? n.toFixed(0) : n.toFixed(1);
}

function fmtLoad(loads: number[]): string {
  return loads.map((l) => l.toFixed(2)).join(' / ') || 'n/a';
}
