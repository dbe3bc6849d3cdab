import { describe, expect, it } from 'vitest';
import { parseQuantity } from './parse-quantity';

const value = (text: string, unit?: string) => {
  const parsed = parseQuantity(text, unit);
  return parsed.ok ? parsed.value : parsed.error;
};

describe('parseQuantity', () => {
  it('reads byte sizes in SI and binary steps', () => {
    expect(value('2 GB', 'bytes')).toBe(2e9);
    expect(value('2GB', 'bytes')).toBe(2e9);
    expect(value('1.5 KiB', 'bytes')).toBe(1536);
    expect(value('512', 'bytes')).toBe(512);
    expect(value('10 mb', 'B')).toBe(1e7);
    expect(value('3 MB/s', 'bytes/s')).toBe(3e6);
    expect(value('3 MB', 'bytes/s')).toBe(3e6);
  });

  it('reads durations into the series unit', () => {
    expect(value('500 ms', 'ms')).toBe(500);
    expect(value('2 s', 'ms')).toBe(2000);
    expect(value('1 min', 'ms')).toBe(60_000);
    expect(value('1.5 h', 'ms')).toBe(5_400_000);
    expect(value('250 ms', 's')).toBe(0.25);
  });

  it('reads percentages and plain numbers with SI steps or the unit name', () => {
    expect(value('80 %', '%')).toBe(80);
    expect(value('80%', '%')).toBe(80);
    expect(value('80', '%')).toBe(80);
    expect(value('1.5k', 'streams')).toBe(1500);
    expect(value('300 streams', 'streams')).toBe(300);
    expect(value('-2.5', undefined)).toBe(-2.5);
    expect(value('1e3', undefined)).toBe(1000);
  });

  it('refuses what is not a value, naming the suffixes the unit takes', () => {
    expect(value('2 GB', 'ms')).toMatch(/ms, s, min or h/);
    expect(value('lots', 'bytes')).toMatch(/KB, MB, GB/);
    expect(value('', undefined)).toMatch(/not a value/);
    expect(value('80 %', 'bytes')).toMatch(/not a value/);
    expect(value('5 x', 'load')).toMatch(/k, M or G/);
  });
});
