import { describe, expect, it } from 'vitest';
import { AppError } from '@/lib/errors';
import { RANGE_MAX_SPAN_MS } from '@/lib/protocol';
import { parseRangeRequest } from './parse-range-request';

const parse = (query: string) => parseRangeRequest(new URL(`http://x/api/range?${query}`));

describe('parseRangeRequest', () => {
  it('reads from, to and a deduplicated series list', () => {
    expect(parse('from=1000&to=2000&series=a,b&series=a')).toEqual({
      from: 1000,
      to: 2000,
      series: ['a', 'b'],
    });
    expect(parse('from=5&to=5')).toEqual({ from: 5, to: 5 });
  });

  it('accepts a span of exactly 366 days and refuses one ms more', () => {
    expect(parse(`from=0&to=${RANGE_MAX_SPAN_MS}`).to).toBe(RANGE_MAX_SPAN_MS);
    expect(() => parse(`from=0&to=${RANGE_MAX_SPAN_MS + 1}`)).toThrow(/366 days/);
  });

  it.each([
    ['to=1', /from is required/],
    ['from=1', /to is required/],
    ['from=&to=1', /from is required/],
    ['from=-1&to=1', /from must be a whole number/],
    ['from=1.5&to=2', /from must be a whole number/],
    ['from=1&to=abc', /to must be a whole number/],
    ['from=1&to=1234567890123456', /to must be a whole number/],
    ['from=1&from=2&to=3', /from must be given once/],
    ['from=2&to=1', /from must not be after to/],
    ['from=1&to=2&series=bad%20name', /series key "bad name"/],
    ['from=1&to=2&series=a%7Bb%3D%221%22%2Cb%3D%222%22%7D', /label "b" is given twice/],
    ['from=1&to=2&series[]=a', /series\[\] is not supported/],
  ])('refuses %s with bad_request', (query, message) => {
    let caught: unknown;
    try {
      parse(query);
    } catch (error) {
      caught = error;
    }
    expect(caught).toBeInstanceOf(AppError);
    expect((caught as AppError).code).toBe('bad_request');
    expect((caught as AppError).message).toMatch(message);
  });
});
