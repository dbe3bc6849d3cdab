import { describe, expect, it } from 'vitest';
import { AppError } from '@/lib/errors';
import { parseStreamRequest } from './parse-stream-request';

const parse = (query: string, headers: Record<string, string> = {}) =>
  parseStreamRequest(new URL(`http://x/api/stream${query}`), headers['Last-Event-ID']);

describe('parseStreamRequest', () => {
  it('defaults to a five-minute window, every series and no cursor', () => {
    expect(parse('')).toEqual({ windowS: 300 });
  });

  it('reads window, series and the cursor from the query', () => {
    expect(parse('?window=60&series=a,b.c,a&lastEventId=42')).toEqual({
      windowS: 60,
      series: ['a', 'b.c'],
      lastEventId: 42,
    });
  });

  it('reads series keys with labels, a comma inside the braces belonging to the key, canonical', () => {
    const keys = 'cpu{mode="a,b",core="0"},host.cpu,cpu{core="0",mode="a,b"}';
    expect(
      parse(`?series=${encodeURIComponent(keys)}&series=q%7Bv%3D%22%5C%22%7D%3D%22%7D`).series,
    ).toEqual(['cpu{core="0",mode="a,b"}', 'host.cpu', 'q{v="\\"}="}']);
  });

  it('prefers the Last-Event-ID header to the query', () => {
    expect(parse('?lastEventId=1', { 'Last-Event-ID': '9' }).lastEventId).toBe(9);
  });

  it('reads a cursor with its database epoch, <seq>:<epoch>, from the header or the query', () => {
    const epoch = '0123456789abcdef';
    expect(parse('', { 'Last-Event-ID': `42:${epoch}` })).toEqual({
      windowS: 300,
      lastEventId: 42,
      lastEpoch: epoch,
    });
    expect(parse(`?lastEventId=7%3A${epoch}`)).toMatchObject({ lastEventId: 7, lastEpoch: epoch });
    expect(parse('?lastEventId=7')).not.toHaveProperty('lastEpoch');
  });

  it('treats an empty Last-Event-ID as none', () => {
    expect(parse('', { 'Last-Event-ID': '' }).lastEventId).toBeUndefined();
  });

  it.each([
    ['?window=abc'],
    ['?window=0'],
    ['?window=3601'],
    ['?window=1&window=2'],
    ['?series=bad%20name!'],
    ['?series=cpu%7Bcore%3D%220%22'],
    ['?series=cpu%7B1core%3D%220%22%7D'],
    ['?lastEventId=-1'],
    ['?lastEventId=1.5'],
    [`?lastEventId=${'9'.repeat(16)}`],
    ['?series[]=a'],
    ['?series%5B0%5D=a'],
    ['?window[]=5'],
    ['?lastEventId[]=1'],
    ['?lastEventId=1:'],
    ['?lastEventId=1:0123456789abcde'],
    ['?lastEventId=1:0123456789abcdef0'],
    ['?lastEventId=1:0123456789ABCDEF'],
    ['?lastEventId=:0123456789abcdef'],
  ])('rejects %s with bad_request', (query) => {
    expect(() => parse(query)).toThrowError(AppError);
    try {
      parse(query);
    } catch (error) {
      expect((error as AppError).code).toBe('bad_request');
    }
  });

  it('ignores other unknown parameters, bracketed or not', () => {
    expect(parse('?_=123&filter[]=x&[]=y')).toEqual({ windowS: 300 });
  });

  it('accepts the edges of the window', () => {
    expect(parse('?window=1').windowS).toBe(1);
    expect(parse('?window=3600').windowS).toBe(3600);
  });
});
