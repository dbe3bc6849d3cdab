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

  it('takes q as any text up to the longest series key, and limit from 0 to the maximum', () => {
    expect(search(`?q=${'x'.repeat(512)}&limit=${SERIES_SEARCH_MAX_LIMIT}`)).toEqual({
      q: 'x'.repeat(512),
      limit: 1000,
    });
    expect(search('?q=cpu%20load&limit=0')).toEqual({ q: 'cpu load', limit: 0 });
    expect(search(`?q=${'é'.repeat(512)}`).q).toHaveLength(512);
  });

  it('takes match as a metric name or its start, up to the longest name', () => {
    expect(search('?match=http_requests%3Arate')).toEqual({
      q: '',
      match: 'http_requests:rate',
      limit: 100,
    });
    expect(search(`?match=${'m'.repeat(128)}&q=a&limit=5`)).toEqual({
      q: 'a',
      match: 'm'.repeat(128),
      limit: 5,
    });
    expect(search('?match=')).toEqual({ q: '', limit: 100 });
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
      `?q=${'x'.repeat(513)}`,
      'bad_request: q must be at most 512 characters (the longest series key)',
    ],
    [
      `?match=${'m'.repeat(129)}`,
      `bad_request: match must be a metric name or its start (^[A-Za-z0-9_.:-]{1,128}$), got "${'m'.repeat(32)}"`,
    ],
    [
      '?match=cpu%7Bhost',
      'bad_request: match must be a metric name or its start (^[A-Za-z0-9_.:-]{1,128}$), got "cpu{host"',
    ],
    ['?match=a&match=b', 'bad_request: match must be given once'],
    ['?match[]=a', 'bad_request: match[] is not supported: give match= once'],
    ['?q[]=a', 'bad_request: q[] is not supported: give q= once'],
    ['?limit[0]=1', 'bad_request: limit[0] is not supported: give limit= once'],
  ])('refuses %s', (query, message) => {
    expect(refusal(() => search(query))).toBe(message);
  });
});

describe('parseSeriesName', () => {
  it('takes a key a series can have, canonical', () => {
    expect(parseSeriesName('host.cpu')).toBe('host.cpu');
    expect(parseSeriesName('x'.repeat(128))).toHaveLength(128);
    expect(parseSeriesName('cpu{mode="a,b",core="0"}')).toBe('cpu{core="0",mode="a,b"}');
  });

  it.each([
    ['a b', /^bad_request: series key "a b" must be a series name/],
    ['x'.repeat(129), /^bad_request: series name "x+" must match/],
    ['', /^bad_request: series key "" must be a series name/],
    [undefined, /^bad_request: series key "" must be a series name/],
    ['cpu{Core-="1"}', /^bad_request: series key of "cpu": label "Core" must be followed by =/],
    ['cpu{core=""}', /^bad_request: label "core" must not have an empty value/],
  ])('refuses %j with 400 naming the problem', (name, message) => {
    expect(refusal(() => parseSeriesName(name))).toMatch(message);
  });
});
