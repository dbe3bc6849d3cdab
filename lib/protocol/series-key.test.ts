import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import {
  canonicalLabelsJson,
  formatSeriesKey,
  LABEL_NAME_MAX_CHARS,
  LABEL_VALUE_MAX_CHARS,
  LABELS_MAX,
  SERIES_KEY_MAX_BYTES,
  type SeriesLabels,
  seriesProblem,
  utf8Length,
} from './series-key';
import { isCanonicalSeriesKey, parseSeriesKey, parseSeriesKeyList } from './series-key-parse';

const metricArb = fc.stringMatching(/^[A-Za-z0-9_.:-]{1,24}$/);
const labelNameArb = fc.stringMatching(/^[a-zA-Z_][a-zA-Z0-9_]{0,12}$/);
/** Values drawn from the characters that need escaping, the key's own syntax and non-ASCII. */
const valueArb = fc
  .array(
    fc.constantFrom('a', 'Z', '0', ' ', '\\', '"', '\n', '{', '}', ',', '=', 'é', '日', '😀'),
    {
      minLength: 1,
      maxLength: 12,
    },
  )
  .map((chars) => chars.join(''));
const labelsArb = fc.dictionary(labelNameArb, valueArb, { maxKeys: LABELS_MAX });

describe('series keys', () => {
  it('keeps a series without labels under its bare name', () => {
    expect(formatSeriesKey('host.cpu', {})).toBe('host.cpu');
    expect(parseSeriesKey('host.cpu')).toEqual({ key: 'host.cpu', metric: 'host.cpu', labels: {} });
  });

  it('sorts labels by name and escapes values the Prometheus way', () => {
    const key = formatSeriesKey('http:rate', { job: 'api', code: '200', path: 'a"b\\c\nd' });
    expect(key).toBe('http:rate{code="200",job="api",path="a\\"b\\\\c\\nd"}');
    expect(canonicalLabelsJson({ job: 'api', code: '200' })).toBe('{"code":"200","job":"api"}');
  });

  it('reads back what it writes, for any metric and labels (round trip)', () => {
    fc.assert(
      fc.property(metricArb, labelsArb, (metric, labels) => {
        fc.pre(seriesProblem(metric, labels) === undefined);
        const key = formatSeriesKey(metric, labels);
        expect(parseSeriesKey(key)).toEqual({ key, metric, labels: sortedCopy(labels) });
        expect(isCanonicalSeriesKey(key)).toBe(true);
        // A list of keys splits at the commas between keys only.
        expect(parseSeriesKeyList(`${key},${key}`)).toEqual([
          { key, metric, labels: sortedCopy(labels) },
          { key, metric, labels: sortedCopy(labels) },
        ]);
      }),
      { numRuns: 2000 },
    );
  });

  it('canonicalises labels in any order, spaces and a trailing comma', () => {
    const parsed = parseSeriesKey(' cpu{ z = "1" , a="2", } ');
    expect(parsed).toEqual({ key: 'cpu{a="2",z="1"}', metric: 'cpu', labels: { a: '2', z: '1' } });
    expect(parseSeriesKey('cpu{}')).toEqual({ key: 'cpu', metric: 'cpu', labels: {} });
    expect(isCanonicalSeriesKey('cpu{z="1",a="2"}')).toBe(false);
  });

  it('names the bad key of a list', () => {
    expect(parseSeriesKeyList('a,bad name!,c')).toEqual({
      problem:
        'series key "bad name!" must be a series name (^[A-Za-z0-9_.:-]{1,128}$) or name{label="value",…}',
    });
  });

  it('splits a list at commas outside the braces', () => {
    expect(parseSeriesKeyList('a, b{x="1,2",y="}"},c,,')).toEqual([
      { key: 'a', metric: 'a', labels: {} },
      { key: 'b{x="1,2",y="}"}', metric: 'b', labels: { x: '1,2', y: '}' } },
      { key: 'c', metric: 'c', labels: {} },
    ]);
  });

  it.each([
    ['cpu{1a="x"}', 'label name "1a" must match'],
    ['cpu{a-b="x"}', 'label "a" must be followed by ='],
    ['cpu{a=x}', 'label "a" value must be in double quotes'],
    ['cpu{a="x}', 'label "a" value has no closing quote'],
    ['cpu{a="\\t"}', 'label "a" value has an unknown escape'],
    ['cpu{a="1",a="2"}', 'label "a" is given twice'],
    ['cpu{a="1" b="2"}', 'expected "," or "}" after label "a"'],
    ['cpu{a=""}', 'label "a" must not have an empty value'],
    ['cpu{a="x\u202e"}', 'label "a" value must not contain U+202E'],
    ['cpu{a="x\u0000"}', 'label "a" value must not contain U+0000'],
    ['{a="1"}', 'series key "{a="1"}" must be a series name'],
    ['cpu x', 'series key "cpu x" must be a series name'],
    ['', 'series key "" must be a series name'],
  ])('refuses %j naming the problem', (text, message) => {
    const parsed = parseSeriesKey(text);
    expect(parsed).toHaveProperty('problem');
    expect((parsed as { problem: string }).problem).toContain(message);
  });

  it(`takes ${LABELS_MAX} labels and refuses ${LABELS_MAX + 1}`, () => {
    const labels = (n: number) =>
      Object.fromEntries(Array.from({ length: n }, (_, i) => [`l${i}`, 'v']));
    expect(seriesProblem('m', labels(LABELS_MAX))).toBeUndefined();
    expect(seriesProblem('m', labels(LABELS_MAX + 1))).toBe(
      `a series has at most ${LABELS_MAX} labels, got ${LABELS_MAX + 1}`,
    );
  });

  it(`takes values of ${LABEL_VALUE_MAX_CHARS} characters and refuses ${LABEL_VALUE_MAX_CHARS + 1}`, () => {
    // Astral characters count once each: characters, not UTF-16 units.
    expect(seriesProblem('m', { v: '😀'.repeat(LABEL_VALUE_MAX_CHARS / 4) })).toBeUndefined();
    expect(seriesProblem('m', { v: 'x'.repeat(LABEL_VALUE_MAX_CHARS) })).toBeUndefined();
    expect(seriesProblem('m', { v: 'x'.repeat(LABEL_VALUE_MAX_CHARS + 1) })).toBe(
      `label "v" value must be at most ${LABEL_VALUE_MAX_CHARS} characters`,
    );
  });

  it(`takes label names of ${LABEL_NAME_MAX_CHARS} characters and refuses longer`, () => {
    expect(seriesProblem('m', { ['n'.repeat(LABEL_NAME_MAX_CHARS)]: 'v' })).toBeUndefined();
    expect(seriesProblem('m', { ['n'.repeat(LABEL_NAME_MAX_CHARS + 1)]: 'v' })).toContain(
      `must be at most ${LABEL_NAME_MAX_CHARS} characters`,
    );
    expect(seriesProblem('m', { 'a.b': 'v' })).toBe(
      'label name "a.b" must match ^[a-zA-Z_][a-zA-Z0-9_]*$',
    );
  });

  it(`takes keys of ${SERIES_KEY_MAX_BYTES} bytes and refuses one more`, () => {
    // m{a="…"} is 7 bytes around the value; é is 2 bytes.
    const fill = SERIES_KEY_MAX_BYTES - 7;
    const exact = { a: `${'é'.repeat(Math.floor(fill / 2) - 1)}${'x'.repeat((fill % 2) + 2)}` };
    expect(utf8Length(formatSeriesKey('m', exact))).toBe(SERIES_KEY_MAX_BYTES);
    expect(seriesProblem('m', exact)).toBeUndefined();
    const over = { a: `${exact.a}x` };
    expect(seriesProblem('m', over)).toContain(
      `at most ${SERIES_KEY_MAX_BYTES} (SERIES_KEY_MAX_BYTES)`,
    );
  });

  it('counts UTF-8 bytes as Buffer does', () => {
    fc.assert(
      fc.property(fc.string({ unit: 'grapheme' }), (text) => {
        expect(utf8Length(text)).toBe(Buffer.byteLength(text));
      }),
    );
  });
});

function sortedCopy(labels: SeriesLabels): SeriesLabels {
  return JSON.parse(canonicalLabelsJson(labels)) as SeriesLabels;
}
