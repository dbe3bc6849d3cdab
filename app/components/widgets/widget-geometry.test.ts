import { describe, expect, it } from 'vitest';
import {
  GAUGE_RADIUS,
  gaugeArcPath,
  SPARKLINE_MAX_POINTS,
  sparklinePoints,
} from './widget-geometry';

describe('sparklinePoints', () => {
  it('scales the values to the viewBox, lowest at the bottom', () => {
    expect(sparklinePoints([0, 5, 10])).toBe('0,30 50,15 100,0');
  });

  it('draws a flat line at the bottom for constant values, and nothing for one point', () => {
    expect(sparklinePoints([3, 3])).toBe('0,30 100,30');
    expect(sparklinePoints([3])).toBe('');
  });

  it(`keeps the newest ${SPARKLINE_MAX_POINTS} points`, () => {
    const values = Array.from({ length: SPARKLINE_MAX_POINTS + 1 }, (_, i) => i);
    expect(sparklinePoints(values).split(' ')).toHaveLength(SPARKLINE_MAX_POINTS);
  });
});

describe('gaugeArcPath', () => {
  it('runs from the left end to the point of the fraction', () => {
    expect(gaugeArcPath(0)).toBe(`M ${50 - GAUGE_RADIUS} 50 A 40 40 0 0 1 10 50`);
    expect(gaugeArcPath(0.5)).toBe('M 10 50 A 40 40 0 0 1 50 10');
    expect(gaugeArcPath(1)).toBe('M 10 50 A 40 40 0 0 1 90 50');
    expect(gaugeArcPath(7)).toBe(gaugeArcPath(1));
  });
});
