import { describe, expect, it } from 'vitest';
import { PAGE_BENCH_BASELINE_PANELS, PAGE_BENCH_PANELS } from './page-config';
import type { FrameFigures } from './page-measure';
import { renderPageReport } from './page-report';
import { summarize } from './stats';

const frames = (frameMs: number[], taskMsPerS: number, chartsDrawn: number): FrameFigures => ({
  frameMs: summarize(frameMs),
  longFrames: frameMs.filter((f) => f > 50).length,
  taskMsPerS,
  scriptMsPerS: taskMsPerS / 2,
  layoutMsPerS: 1,
  heapMiB: 20,
  charts: chartsDrawn * 2,
  chartsDrawn,
});

describe('renderPageReport', () => {
  it('puts the baseline board beside the big one with ratios, and the two store sizes', () => {
    const report = renderPageReport({
      date: '2026-12-05',
      machine: '2 cores',
      chromium: '131.0',
      loadAverages: { start: [1], end: [2] },
      durationS: 60,
      frames: { small: frames([16, 17, 16], 100, 12), big: frames([16, 33, 80], 250, 30) },
      search: { small: summarize([250, 260]), big: summarize([300, 500]), smallSeries: 200 },
      warnings: ['the server logged 1x "x"'],
    });
    expect(report).toContain(
      `| figure | ${PAGE_BENCH_BASELINE_PANELS} panels | ${PAGE_BENCH_PANELS} panels | ratio |`,
    );
    expect(report).toContain('| main-thread tasks (ms per s) | 100 | 250 | 2.50x |');
    expect(report).toContain('| long frames (> 50 ms) | 0 | 1 |  |');
    expect(report).toContain('| charts that drew new samples | 12 | 30 | 2.50x |');
    expect(report).toContain('| search to first option, max (ms) | 260 | 500 | 1.92x |');
    expect(report).toContain('## Warnings');
  });
});
