import { describe, expect, it } from 'vitest';
import { createBuffer, insertPoint, latestPoint, trimBuffer } from './series-buffer';

describe('createBuffer', () => {
  it('sorts the points and keeps the unit', () => {
    const b = createBuffer({ name: 'a', unit: 'ms' }, [
      [3, 30],
      [1, 10],
      [2, 20],
    ]);
    expect(b).toEqual({ name: 'a', unit: 'ms', ts: [1, 2, 3], values: [10, 20, 30] });
  });

  it('leaves the unit out when the series has none', () => {
    expect('unit' in createBuffer({ name: 'a' })).toBe(false);
  });
});

describe('insertPoint', () => {
  it('appends a point newer than the rest', () => {
    const b = createBuffer({ name: 'a' }, [[1, 1]]);
    insertPoint(b, 2, 2);
    expect(b.ts).toEqual([1, 2]);
  });

  it('places a late point in time order', () => {
    const b = createBuffer({ name: 'a' }, [
      [1, 1],
      [3, 3],
      [5, 5],
    ]);
    insertPoint(b, 4, 4);
    insertPoint(b, 0, 0);
    expect(b.ts).toEqual([0, 1, 3, 4, 5]);
    expect(b.values).toEqual([0, 1, 3, 4, 5]);
  });

  it('puts a point with an equal time after the existing one', () => {
    const b = createBuffer({ name: 'a' }, [
      [1, 1],
      [2, 2],
    ]);
    insertPoint(b, 1, 9);
    expect(b.values).toEqual([1, 9, 2]);
  });
});

describe('trimBuffer', () => {
  it('drops points older than the window before the newest point', () => {
    const b = createBuffer({ name: 'a' }, [
      [0, 0],
      [500, 1],
      [1000, 2],
    ]);
    trimBuffer(b, 600, 100);
    expect(b.ts).toEqual([500, 1000]);
  });

  it('keeps at most maxPoints, the newest ones', () => {
    const b = createBuffer({ name: 'a' }, [
      [1, 1],
      [2, 2],
      [3, 3],
    ]);
    trimBuffer(b, 10_000, 2);
    expect(b.values).toEqual([2, 3]);
  });

  it('keeps the newest point of a series that went quiet long ago', () => {
    const b = createBuffer({ name: 'a' }, [[0, 7]]);
    trimBuffer(b, 1, 1);
    expect(latestPoint(b)).toEqual([0, 7]);
  });
});

describe('latestPoint', () => {
  it('is undefined for an empty buffer', () => {
    expect(latestPoint(createBuffer({ name: 'a' }))).toBeUndefined();
  });
});
