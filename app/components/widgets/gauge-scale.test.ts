import { describe, expect, it } from 'vitest';
import type { Widget } from '@/lib/protocol';
import { gaugeFill, gaugeScale } from './gauge-scale';

const w: Widget = { id: 'g', series: 'x', kind: 'gauge', size: 'm' };

describe('gaugeScale', () => {
  it('is 0..100 for a percentage', () => {
    expect(gaugeScale(w, '%', [3, 4])).toEqual({ min: 0, max: 100, from: 'unit' });
  });

  it('is the observed range from 0 for other units, so a 598 ms p99 is no full arc', () => {
    const scale = gaugeScale(w, 'ms', [120, 598, 900]);
    expect(scale).toEqual({ min: 0, max: 900, from: 'observed' });
    expect(gaugeFill(598, scale)).toBeCloseTo(0.664, 3);
  });

  it('reaches below 0 for data that does, and is never empty', () => {
    expect(gaugeScale(w, 'load', [-2, 1])).toEqual({ min: -2, max: 1, from: 'observed' });
    expect(gaugeScale(w, 'load', [])).toEqual({ min: 0, max: 1, from: 'observed' });
  });

  it('takes the widget min and max, alone or together', () => {
    expect(gaugeScale({ ...w, min: 1, max: 2 }, '%', [5])).toEqual({ min: 1, max: 2, from: 'set' });
    expect(gaugeScale({ ...w, max: 50 }, '%', [5])).toEqual({ min: 0, max: 50, from: 'set' });
    expect(gaugeScale({ ...w, min: 200 }, 'ms', [100, 150])).toEqual({
      min: 200,
      max: 201,
      from: 'set',
    });
  });
});

describe('gaugeFill', () => {
  it('clamps to 0..1', () => {
    const scale = { min: 0, max: 100, from: 'unit' } as const;
    expect(gaugeFill(25, scale)).toBe(0.25);
    expect(gaugeFill(-5, scale)).toBe(0);
    expect(gaugeFill(500, scale)).toBe(1);
    expect(gaugeFill(Number.NaN, scale)).toBe(0);
  });
});
