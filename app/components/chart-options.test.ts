import { describe, expect, it } from 'vitest';
import { bufferOfRangeSeries } from '../client/range-merge';
import { CHART_CURSOR_SYNC_KEY, chartOptions, hasBand, toChartData } from './chart-options';

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

describe('band rendering of a rollup answer', () => {
  const rollup = bufferOfRangeSeries({
    name: 'cpu',
    unit: '%',
    points: [
      [120_000, 20],
      [60_000, 10],
    ],
    band: [
      [18, 25],
      [5, 15],
    ],
  });

  it('gives uPlot the average, then min and max columns, sorted by time', () => {
    expect(hasBand(rollup)).toBe(true);
    expect(toChartData(rollup)).toEqual([
      [60, 120],
      [10, 20],
      [5, 18],
      [15, 25],
    ]);
  });

  it('fills a band between the max and min series', () => {
    const options = chartOptions(300, '%', { band: true });
    expect(options.series).toHaveLength(4);
    expect(options.bands).toEqual([{ series: [3, 2], fill: expect.any(Function) }]);
  });

  it('draws raw data as one filled line, without a band', () => {
    expect(hasBand({ name: 'a', ts: [1], values: [1] })).toBe(false);
    const options = chartOptions(300, '%');
    expect(options.series).toHaveLength(2);
    expect(options.bands).toBeUndefined();
  });

  it('syncs the crosshair of every chart under one key', () => {
    expect(chartOptions(300, '%').cursor?.sync?.key).toBe(CHART_CURSOR_SYNC_KEY);
  });
});
