import { describe, expect, it } from 'vitest';
import { formatTimeTicks, formatValueTicks, valueRange } from './axis-format';

describe('formatValueTicks', () => {
  it('puts byte ticks in one unit with enough decimals to tell them apart', () => {
    expect(formatValueTicks([204_800_000, 205_000_000, 205_200_000], 'bytes')).toEqual([
      '204.8 MB',
      '205.0 MB',
      '205.2 MB',
    ]);
  });

  it('labels bytes per second', () => {
    expect(formatValueTicks([0, 5000], 'bytes/s')).toEqual(['0 KB/s', '5 KB/s']);
  });

  it('labels percent and milliseconds, switching to seconds from 1000 ms', () => {
    expect(formatValueTicks([0, 50, 100], '%')).toEqual(['0%', '50%', '100%']);
    expect(formatValueTicks([0, 0.5], 'ms')).toEqual(['0.0 ms', '0.5 ms']);
    expect(formatValueTicks([1000, 1500], 'ms')).toEqual(['1.0 s', '1.5 s']);
  });

  it('leaves other units to the header', () => {
    expect(formatValueTicks([0, 0.25, 0.5], 'sockets')).toEqual(['0.00', '0.25', '0.50']);
  });
});

describe('valueRange', () => {
  it('pads the data range and stays at zero for non-negative data', () => {
    expect(valueRange(0, 100)).toEqual([0, 110]);
    expect(valueRange(-10, 10)).toEqual([-12, 12]);
  });

  it('draws a band around a flat line', () => {
    expect(valueRange(0, 0)).toEqual([0, 1]);
    expect(valueRange(200, 200)).toEqual([180, 220]);
  });

  it('falls back to 0..1 without data', () => {
    expect(valueRange(null, null)).toEqual([0, 1]);
  });
});

describe('formatTimeTicks', () => {
  it('uses a 24-hour clock, with seconds for close ticks', () => {
    const noon = new Date(2026, 0, 1, 13, 5, 10).getTime() / 1000;
    expect(formatTimeTicks([noon, noon + 10])[0]).toMatch(/^13:05:10$/);
    expect(formatTimeTicks([noon, noon + 120])[0]).toMatch(/^13:05$/);
  });
});
