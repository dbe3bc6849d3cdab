import { describe, expect, it } from 'vitest';
import { AppError } from '@/lib/errors';
import { SERIES_SEARCH_DEFAULT_LIMIT, SERIES_SEARCH_MAX_LIMIT } from '@/lib/protocol';
import { parseSeriesName, parseSeriesSearch } from './parse-series-request';

const search = (query: string) => parseSeriesSearch(new URL(`http://x/api/series${query}`));
const refusal = (run: () => unknown) => {
  try {
    run();
  } catch (error) {
    if (error instanceof AppError) return `${error.code}: ${error.message}`;
    throw error;
  }
  throw new Error('accepted');
};

describe('parseSeriesSearch', () => {
  it('defaults to every series and SERIES_SEARCH_DEFAULT_LIMIT rows', () => {
    expect(search('')).toEqual({ q: '', limit: SERIES_SEARCH_DEFAULT_LIMIT });
    expect(search('?q=&limit=')).toEqual({ q: '', limit: 100 });
  });

  it('takes q as any text up to the longest series name, and limit from 0 to the maximum', () => {
    expect(search(`?q=${'x'.repeat(128)}&limit=${SERIES_SEARCH_MAX_LIMIT}`)).toEqual({
      q: 'x'.repeat(128),
      limit: 1000,
    });
    expect(search('?q=cpu%20load&limit=0')).toEqual({ q: 'cpu load', limit: 0 });
    expect(search(`?q=${'é'.repeat(128)}`).q).toHaveLength(128);
  });

  it.each([
    ['?limit=1001', 'bad_request: limit must be a whole number from 0 to 1000, got "1001"'],
    ['?limit=-1', 'bad_request: limit must be a whole number from 0 to 1000, got "-1"'],
    ['?limit=1.5', 'bad_request: limit must be a whole number from 0 to 1000, got "1.5"'],
    ['?limit=ten', 'bad_request: limit must be a whole number from 0 to 1000, got "ten"'],
    ['?limit=1e3', 'bad_request: limit must be a whole number from 0 to 1000, got "1e3"'],
    ['?limit=1&limit=2', 'bad_request: limit must be given once'],
    ['?q=a&q=b', 'bad_request: q must be given once'],
    [
      `?q=${'x'.repeat(129)}`,
      'bad_request: q must be at most 128 characters (the longest series name)',
    ],
    ['?q[]=a', 'bad_request: q[] is not supported: give q= once'],
    ['?limit[0]=1', 'bad_request: limit[0] is not supported: give limit= once'],
  ])('refuses %s', (query, message) => {
    expect(refusal(() => search(query))).toBe(message);
  });
});

describe('parseSeriesName', () => {
  it('takes a name a series can have', () => {
    expect(parseSeriesName('host.cpu')).toBe('host.cpu');
    expect(parseSeriesName('x'.repeat(128))).toHaveLength(128);
  });

  it.each([['a b'], ['x'.repeat(129)], [''], [undefined]])('refuses %j with 400', (name) => {
    expect(refusal(() => parseSeriesName(name))).toMatch(
      /^bad_request: series name ".*" must match/,
    );
  });
});
