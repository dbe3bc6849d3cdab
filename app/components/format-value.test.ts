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
    [999.99, 'ms', '999.99 ms'],
    [1000, 'ms', '1 s'],
    [59_999, 'ms', '60 s'],
    [60_000, 'ms', '1 min'],
    [150_000, 'ms', '2.5 min'],
    [12, '/s', '12/s'],
    [3.5, 'req/s', '3.5 req/s'],
    [2_000_000, 'B', '2.00 MB'],
    [999_999, 'B/s', '1.00 MB/s'],
    [999_499, 'B/s', '999 KB/s'],
    [1_000_000, 'B/s', '1.00 MB/s'],
    [100, '%', '100.0%'],
    [-0.04, '%', '0.0%'],
    [-0.06, '%', '-0.1%'],
    [42, 'widgets', '42 widgets'],
    [1, 'streams', '1 stream'],
    [363.79, 'sockets', '363.8 sockets'],
    [1, '{item}', '1 item'],
    [3, '{item}', '3 items'],
    [1, 'entries', '1 entry'],
    [3.7, 'load', '3.7 load'],
    [7, '1', '7'],
    [2e9, 'By', '2.00 GB'],
    [1, 'ms', '1 ms'],
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
