import { describe, expect, it } from 'vitest';
import { parseSeriesDeleteAnswer, parseSeriesSearchAnswer } from './series-answer';

describe('parseSeriesSearchAnswer', () => {
  it('takes the answer of GET /api/series', () => {
    const answer = {
      series: [
        { key: 'a', name: 'a', labels: {}, unit: '%' },
        { key: 'b{k="v"}', name: 'b', labels: { k: 'v' } },
      ],
      total: 10_000,
    };
    expect(parseSeriesSearchAnswer(answer)).toEqual(answer);
    expect(parseSeriesSearchAnswer({ series: [], total: 0 })).toEqual({ series: [], total: 0 });
  });

  it.each([
    [{ series: 'no', total: 1 }],
    [{ series: [{ unit: 'x' }], total: 1 }],
    [{ series: [{ key: 'a', name: 'a', labels: {}, unit: 3 }], total: 1 }],
    [{ series: [{ name: 'a' }], total: 1 }],
    [{ series: [{ key: 'a', name: 'a', labels: { k: 1 } }], total: 1 }],
    [{ series: [] }],
    [{ series: [], total: -1 }],
    [{ series: [], total: 1.5 }],
    [null],
  ])('refuses %j', (value) => {
    expect(parseSeriesSearchAnswer(value)).toBeUndefined();
  });
});

describe('parseSeriesDeleteAnswer', () => {
  it('takes the answer of DELETE /api/series/<name>', () => {
    expect(parseSeriesDeleteAnswer({ series: 'a', samples: 42 })).toEqual({
      series: 'a',
      samples: 42,
    });
  });

  it.each([[{ series: 'a' }], [{ samples: 1 }], [{ series: 'a', samples: -1 }], ['x']])(
    'refuses %j',
    (value) => {
      expect(parseSeriesDeleteAnswer(value)).toBeUndefined();
    },
  );
});
