import { describe, expect, it } from 'vitest';
import { chartOptions, toChartData } from './chart-options';

describe('toChartData', () => {
  it('gives uPlot times in seconds beside the values', () => {
    const data = toChartData({ name: 'a', ts: [1000, 2500], values: [1, 2] });
    expect(data).toEqual([
      [1, 2.5],
      [1, 2],
    ]);
  });

  it('gives empty columns for an unknown series', () => {
    expect(toChartData(undefined)).toEqual([[], []]);
  });
});

describe('chartOptions', () => {
  it('never asks uPlot for a zero width', () => {
    expect(chartOptions(0, '%').width).toBe(1);
  });
});
