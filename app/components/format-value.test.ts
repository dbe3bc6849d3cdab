import { describe, expect, it } from 'vitest';
import { formatBytes, formatNumber, formatValue } from './format-value';

describe('formatValue', () => {
  it.each([
    [652_000_000, 'bytes', '652 MB'],
    [1_234_567_890, 'bytes', '1.23 GB'],
    [999, 'bytes', '999 B'],
    [1_500, 'bytes/s', '1.50 KB/s'],
    [0, 'bytes/s', '0 B/s'],
    [12.345, '%', '12.3%'],
    [3.456, 'ms', '3.46 ms'],
    [1250, 'ms', '1.25 s'],
    [42, 'widgets', '42 widgets'],
    [2.5, undefined, '2.5'],
    [Number.NaN, '%', '—'],
  ])('%d %s → %s', (value, unit, text) => {
    expect(formatValue(value, unit)).toBe(text);
  });
});

describe('formatBytes', () => {
  it('keeps the sign', () => {
    expect(formatBytes(-2048)).toBe('-2.05 KB');
  });

  it('stops at the largest unit', () => {
    expect(formatBytes(5e18)).toBe('5000 PB');
  });
});

describe('formatNumber', () => {
  it('rounds to two decimals and compacts millions', () => {
    expect(formatNumber(1.23456)).toBe('1.23');
    expect(formatNumber(12_345)).toBe('12,345');
    expect(formatNumber(2_500_000)).toBe('2.5M');
  });
});
