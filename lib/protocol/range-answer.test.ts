import { describe, expect, it } from 'vitest';
import { parseRangeAnswer, type RangeAnswer, rangeAnswerSchema } from './range-answer';

const raw: RangeAnswer = {
  from: 0,
  to: 300_000,
  resolution: 'raw',
  seq: 10,
  series: [
    { name: 'cpu', unit: '%', points: [[100_000, 1]] },
    { name: 'idle', points: [] },
  ],
};
const rollup: RangeAnswer = {
  ...raw,
  resolution: '1h',
  series: [{ name: 'cpu', points: [[0, 1.5]], band: [[1, 2]] }],
};

describe('rangeAnswerSchema', () => {
  it.each([
    ['a raw answer', raw],
    ['a rollup answer with its band', rollup],
    ['no series', { ...raw, series: [] }],
  ])('accepts %s as it is', (_name, answer) => {
    expect(parseRangeAnswer(JSON.parse(JSON.stringify(answer)))).toEqual(answer);
  });

  it('ignores fields it does not know (an extension is not a break)', () => {
    expect(parseRangeAnswer({ ...raw, extra: 1 })).toEqual(raw);
  });

  it.each([
    ['null', null],
    ['an array', [raw]],
    ['an unknown resolution', { ...raw, resolution: '5m' }],
    ['no seq', { ...raw, seq: undefined }],
    ['seq as text', { ...raw, seq: '10' }],
    ['from as text', { ...raw, from: '0' }],
    ['series not an array', { ...raw, series: {} }],
    ['a series without a name', { ...raw, series: [{ points: [] }] }],
    ['a unit that is a number', { ...raw, series: [{ name: 'a', unit: 1, points: [] }] }],
    ['points not an array', { ...raw, series: [{ name: 'a', points: {} }] }],
    ['a point with text', { ...raw, series: [{ name: 'a', points: [['x', 1]] }] }],
    ['a point of three numbers', { ...raw, series: [{ name: 'a', points: [[1, 2, 3]] }] }],
    ['a point of one number', { ...raw, series: [{ name: 'a', points: [[1]] }] }],
    ['a point that is not a pair', { ...raw, series: [{ name: 'a', points: [5] }] }],
    ['a null value', { ...raw, series: [{ name: 'a', points: [[1, null]] }] }],
    ['an infinite value', { ...raw, series: [{ name: 'a', points: [[1, Infinity]] }] }],
    [
      'a band shorter than the points',
      { ...rollup, series: [{ name: 'a', points: [[0, 1]], band: [] }] },
    ],
    [
      'a band of text',
      { ...rollup, series: [{ name: 'a', points: [[0, 1]], band: [['a', 'b']] }] },
    ],
  ])('refuses %s', (_name, value) => {
    expect(parseRangeAnswer(value)).toBeUndefined();
    expect(rangeAnswerSchema.safeParse(value).success).toBe(false);
  });
});
