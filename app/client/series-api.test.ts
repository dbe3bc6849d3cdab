import { describe, expect, it, vi } from 'vitest';
import {
  chunkNames,
  deleteSeries,
  fetchSeriesHistory,
  SERIES_SEARCH_LIMIT,
  searchSeries,
  seriesUrl,
} from './series-api';

const json = (status: number, body: unknown) =>
  new Response(JSON.stringify(body), { status, headers: { 'Content-Type': 'application/json' } });
const error = (status: number, code: string, message: string) =>
  json(status, { error: { code, message } });

describe('deleteSeries', () => {
  it('sends DELETE to the URL-encoded name and reports the samples deleted', async () => {
    const fetchFn = vi.fn(async () => json(200, { series: 'a:b/c', samples: 42 }));
    expect(await deleteSeries('a:b/c', fetchFn)).toEqual({
      ok: true,
      series: 'a:b/c',
      samples: 42,
    });
    expect(fetchFn).toHaveBeenCalledWith(
      '/api/series/a%3Ab%2Fc',
      expect.objectContaining({ method: 'DELETE' }),
    );
    expect(seriesUrl('host.cpu')).toBe('/api/series/host.cpu');
  });

  it.each([
    [404, 'not_found', 'x was already deleted.'],
    [401, 'unauthorized', 'Your session has ended: sign in again to delete series.'],
    [403, 'forbidden', 'Not allowed to delete x: cross-site request refused'],
    [429, 'rate_limited', 'Too many requests: try again in a moment.'],
    [503, 'store_busy', 'x was not deleted: cross-site request refused'],
  ])('answers %i %s with a sentence to show', async (status, code, message) => {
    const fetchFn = vi.fn(async () => error(status, code, 'cross-site request refused'));
    expect(await deleteSeries('x', fetchFn)).toEqual({ ok: false, status, code, message });
  });

  it('reports a network failure and an error without a JSON body', async () => {
    const down = vi.fn(async () => {
      throw new TypeError('Failed to fetch');
    });
    expect(await deleteSeries('x', down)).toMatchObject({ ok: false, status: 0, code: 'network' });
    const html = vi.fn(async () => new Response('<h1>Bad gateway</h1>', { status: 502 }));
    expect(await deleteSeries('x', html)).toEqual({
      ok: false,
      status: 502,
      code: 'http_502',
      message: 'x was not deleted (HTTP 502).',
    });
  });
});

describe('searchSeries', () => {
  it('asks GET /api/series with q and limit and checks the answer', async () => {
    const fetchFn = vi.fn(async () =>
      json(200, {
        series: [
          { key: 'a', name: 'a', labels: {}, unit: '%' },
          { key: 'cpu{core="0"}', name: 'cpu', labels: { core: '0' } },
        ],
        total: 10_000,
      }),
    );
    // The page names a series by its key, as the stream does.
    expect(await searchSeries('cpu load', undefined, fetchFn, 50)).toEqual({
      series: [{ name: 'a', unit: '%' }, { name: 'cpu{core="0"}' }],
      total: 10_000,
    });
    expect(fetchFn).toHaveBeenCalledWith('/api/series?limit=50&q=cpu+load', expect.anything());
  });

  it('asks for SERIES_SEARCH_LIMIT rows by default, and no q for an empty query', async () => {
    const fetchFn = vi.fn(async () => json(200, { series: [], total: 0 }));
    await searchSeries('', undefined, fetchFn);
    expect(fetchFn).toHaveBeenCalledWith(
      `/api/series?limit=${SERIES_SEARCH_LIMIT}`,
      expect.anything(),
    );
    expect(SERIES_SEARCH_LIMIT).toBe(100);
  });

  it('is undefined when the server has no such endpoint, refuses, or answers something else', async () => {
    expect(
      await searchSeries('a', undefined, async () => error(404, 'not_found', 'no')),
    ).toBeUndefined();
    expect(
      await searchSeries('a', undefined, async () => json(200, { series: 'no' })),
    ).toBeUndefined();
    expect(
      await searchSeries('a', undefined, async () =>
        json(200, { series: [{ unit: 'x' }], total: 1 }),
      ),
    ).toBeUndefined();
  });
});

describe('fetchSeriesHistory', () => {
  it('asks /api/range for the window before now, for the named series only', async () => {
    const body = {
      from: 700,
      to: 1000,
      resolution: 'raw',
      seq: 5,
      series: [{ name: 'a', points: [[900, 1]] }],
    };
    const fetchFn = vi.fn(async () => json(200, body));
    const answer = await fetchSeriesHistory(
      ['a', 'b'],
      300,
      new AbortController().signal,
      fetchFn,
      1000,
    );
    expect(answer).toEqual(body);
    expect(fetchFn).toHaveBeenCalledWith(
      '/api/range?from=700&to=1000&series=a%2Cb',
      expect.anything(),
    );
  });

  it('throws on an error status or an answer that breaks the contract', async () => {
    const signal = new AbortController().signal;
    await expect(
      fetchSeriesHistory(['a'], 1, signal, async () => error(429, 'rate_limited', 'slow down')),
    ).rejects.toThrow('429');
    await expect(
      fetchSeriesHistory(['a'], 1, signal, async () => json(200, { seq: 1 })),
    ).rejects.toThrow('contract');
  });
});

describe('chunkNames', () => {
  it('keeps each comma-joined list within the limit, in order', () => {
    expect(chunkNames(['aaa', 'bb', 'c', 'dddd'], 8)).toEqual([
      ['aaa', 'bb'],
      ['c', 'dddd'],
    ]);
    expect(chunkNames(['aaa', 'bb'], 8)).toEqual([['aaa', 'bb']]);
    expect(chunkNames(['aaa', 'bbb'], 8)).toEqual([['aaa'], ['bbb']]);
    expect(chunkNames([], 6)).toEqual([]);
  });

  it('counts a key as it is sent, percent-encoded', () => {
    const key = 'c{h="é"}'; // c%7Bh%3D%22%C3%A9%22%7D: 24 characters
    expect(chunkNames([key, key], 24)).toEqual([[key], [key]]);
    expect(chunkNames([key, key], 51)).toEqual([[key, key]]);
  });
});
