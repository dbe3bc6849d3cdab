import { describe, expect, it } from 'vitest';
import { filterSeries, mergeSeries, PICKER_MAX_ROWS } from './series-filter';

const named = (...names: string[]) => names.map((name) => ({ name }));

describe('filterSeries', () => {
  it('matches a substring of the name, case-insensitively, and counts every match', () => {
    const series = named('host.cpu', 'app.CPU.user', 'host.memory', 'cpu');
    const result = filterSeries(series, ' CPU ');
    expect(result.rows.map((s) => s.name)).toEqual(['cpu', 'host.cpu', 'app.CPU.user']);
    expect(result.total).toBe(3);
  });

  it('puts the exact name first, then names that start with the query, then the rest', () => {
    const series = named('z.load', 'load.avg', 'load', 'a.load.1');
    expect(filterSeries(series, 'load').rows.map((s) => s.name)).toEqual([
      'load',
      'load.avg',
      'z.load',
      'a.load.1',
    ]);
  });

  it(`renders at most PICKER_MAX_ROWS (${PICKER_MAX_ROWS}) rows of 10,000 matches`, () => {
    const series = Array.from({ length: 10_000 }, (_, i) => ({ name: `m.${i}` }));
    const all = filterSeries(series, '');
    expect(all.rows).toHaveLength(PICKER_MAX_ROWS);
    expect(all.total).toBe(10_000);
    const some = filterSeries(series, 'm.99');
    expect(some.rows[0]?.name).toBe('m.99');
    expect(some.total).toBe(111); // m.99, m.990-m.999, m.9900-m.9999
    expect(filterSeries(series, 'm.1234').rows.map((s) => s.name)).toEqual(['m.1234']);
  });

  it('keeps the exact match even when the row limit is already full of prefix matches', () => {
    const series = [...named('ab1', 'ab2', 'ab3'), ...named('ab')];
    expect(filterSeries(series, 'ab', 2).rows.map((s) => s.name)).toEqual(['ab', 'ab1']);
  });

  it('finds nothing for a query no name contains', () => {
    expect(filterSeries(named('a', 'b'), 'zzz')).toEqual({ rows: [], total: 0 });
  });
});

describe('mergeSeries', () => {
  it('adds the names a server search found that the page did not know, once', () => {
    const known = [{ name: 'a', unit: '%' }, { name: 'b' }];
    expect(mergeSeries(known, [{ name: 'b', unit: 'ms' }, { name: 'c' }])).toEqual([
      { name: 'a', unit: '%' },
      { name: 'b' },
      { name: 'c' },
    ]);
    expect(mergeSeries(known, undefined)).toBe(known);
    expect(mergeSeries(known, [{ name: 'a' }])).toBe(known);
  });
});
