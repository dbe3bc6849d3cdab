import { describe, expect, it } from 'vitest';
import { AppError } from '@/lib/errors';
import {
  LAYOUT_MAX_WIDGETS,
  SERIES_KEY_MAX_BYTES,
  SERIES_UNIT_MAX_CHARS,
  utf8Length,
  WIDGET_COLS_MAX,
  WIDGET_ID_PATTERN,
  WIDGET_ROWS_MAX,
  WIDGET_SERIES_MAX,
  WIDGET_TEXT_MAX_CHARS,
} from '@/lib/protocol';
import { LAYOUT_BODY_MAX_BYTES, parseLayoutPut } from './layout-schema';

const widget = (id: string) => ({ id, series: 'cpu', kind: 'line', size: 'm' });
const many = (n: number) => Array.from({ length: n }, (_, i) => widget(`w${i}`));

function problem(body: unknown): string {
  try {
    parseLayoutPut(body);
  } catch (error) {
    expect(error).toBeInstanceOf(AppError);
    expect((error as AppError).code).toBe('validation_failed');
    return (error as AppError).message;
  }
  throw new Error('accepted');
}

describe('parseLayoutPut', () => {
  it(`takes ${LAYOUT_MAX_WIDGETS} widgets and refuses one more`, () => {
    expect(
      parseLayoutPut({ baseVersion: 0, widgets: many(LAYOUT_MAX_WIDGETS) }).widgets,
    ).toHaveLength(LAYOUT_MAX_WIDGETS);
    expect(problem({ baseVersion: 0, widgets: many(LAYOUT_MAX_WIDGETS + 1) })).toContain(
      `at most ${LAYOUT_MAX_WIDGETS}`,
    );
  });

  it(`fits the largest valid body in ${LAYOUT_BODY_MAX_BYTES} bytes`, () => {
    // A key of SERIES_KEY_MAX_BYTES that JSON writes as long as it can (escaped quotes).
    const key = (n: number) =>
      `m${n}{a="${'\\"'.repeat(Math.floor((SERIES_KEY_MAX_BYTES - 8) / 2))}"}`;
    expect(utf8Length(key(1))).toBeGreaterThan(SERIES_KEY_MAX_BYTES - 2);
    const big = -1.2345678901234568e-300; // as long as a JSON number gets
    // The longest text JSON can write: characters of 4 bytes (an emoji is one code point).
    const text = (chars: number) => '😀'.repeat(chars);
    const widgets = Array.from({ length: LAYOUT_MAX_WIDGETS }, (_, i) => ({
      id: 'd'.repeat(160 - String(i).length) + i,
      series: key(0),
      kind: 'gauge',
      size: 'm',
      warn: big,
      critical: big,
      min: big,
      max: Number.MAX_VALUE,
      title: text(WIDGET_TEXT_MAX_CHARS),
      extraSeries: Array.from({ length: WIDGET_SERIES_MAX - 1 }, (_, n) => key(n + 1)),
      names: Array.from({ length: WIDGET_SERIES_MAX }, () => text(WIDGET_TEXT_MAX_CHARS)),
      unit: text(SERIES_UNIT_MAX_CHARS),
      section: text(WIDGET_TEXT_MAX_CHARS),
      w: WIDGET_COLS_MAX,
      h: WIDGET_ROWS_MAX,
    }));
    const body = { baseVersion: Number.MAX_SAFE_INTEGER, widgets };
    expect(parseLayoutPut(body).widgets).toHaveLength(LAYOUT_MAX_WIDGETS);
    const bytes = Buffer.byteLength(JSON.stringify(body));
    expect(bytes).toBeGreaterThan(LAYOUT_BODY_MAX_BYTES * 0.75); // the worst case is near the cap
    expect(bytes).toBeLessThan(LAYOUT_BODY_MAX_BYTES);
  });

  it('keeps a panel of several series with its title, names, unit and section', () => {
    const w = {
      ...widget('p'),
      series: 'http:p50',
      extraSeries: ['http:p95', 'http:p99'],
      names: ['median', '', 'p99'],
      title: 'Latency',
      unit: 'ms',
      section: 'HTTP',
    };
    expect(parseLayoutPut({ baseVersion: 0, widgets: [w] }).widgets[0]).toEqual(w);
  });

  it(`takes ${WIDGET_SERIES_MAX} series on a panel and refuses one more`, () => {
    const extra = (n: number) => Array.from({ length: n }, (_, i) => `s${i}`);
    const at = (n: number) => ({
      baseVersion: 0,
      widgets: [{ ...widget('p'), extraSeries: extra(n) }],
    });
    expect(parseLayoutPut(at(WIDGET_SERIES_MAX - 1)).widgets[0]?.extraSeries).toHaveLength(
      WIDGET_SERIES_MAX - 1,
    );
    expect(problem(at(WIDGET_SERIES_MAX))).toContain(`at most ${WIDGET_SERIES_MAX} series`);
  });

  it(`takes texts of ${WIDGET_TEXT_MAX_CHARS} characters and refuses one more`, () => {
    const titled = (title: string) => ({ baseVersion: 0, widgets: [{ ...widget('p'), title }] });
    expect(parseLayoutPut(titled('é'.repeat(WIDGET_TEXT_MAX_CHARS)))).toBeTruthy();
    expect(problem(titled('é'.repeat(WIDGET_TEXT_MAX_CHARS + 1)))).toContain(
      `title must be at most ${WIDGET_TEXT_MAX_CHARS} characters`,
    );
  });

  it.each([
    [{ extraSeries: ['cpu'] }, 'must not draw one series twice'],
    [{ extraSeries: ['bad key{'] }, 'widgets[0].extraSeries[0]'],
    [{ names: ['a', 'b'] }, 'more names than the panel has series'],
    [{ title: '' }, 'title must not be empty'],
    [{ title: 'a\u202eb' }, 'title U+202E'],
    [{ section: 5 }, 'section must be a string'],
    [{ unit: 'u'.repeat(SERIES_UNIT_MAX_CHARS + 1) }, 'unit must be at most'],
  ])('refuses %j: %s', (fields, message) => {
    expect(problem({ baseVersion: 0, widgets: [{ ...widget('p'), ...fields }] })).toContain(
      message,
    );
  });

  it('takes a widget id of 160 characters and refuses 161', () => {
    expect(WIDGET_ID_PATTERN.test('a'.repeat(160))).toBe(true);
    expect(parseLayoutPut({ baseVersion: 0, widgets: [widget('a'.repeat(160))] })).toBeTruthy();
    expect(problem({ baseVersion: 0, widgets: [widget('a'.repeat(161))] })).toContain(
      '.widgets[0].id',
    );
  });

  it('keeps thresholds and the gauge scale, equal warn and critical included', () => {
    const w = { ...widget('g'), kind: 'gauge', warn: 5, critical: 5, min: -1, max: 1 };
    expect(parseLayoutPut({ baseVersion: 2, widgets: [w] })).toEqual({
      baseVersion: 2,
      widgets: [w],
    });
  });

  it(`takes a span of 1..${WIDGET_COLS_MAX} columns and 1..${WIDGET_ROWS_MAX} rows, and refuses others`, () => {
    const sized = { ...widget('r'), w: WIDGET_COLS_MAX, h: WIDGET_ROWS_MAX };
    expect(parseLayoutPut({ baseVersion: 0, widgets: [sized] }).widgets).toEqual([sized]);
    expect(
      parseLayoutPut({ baseVersion: 0, widgets: [{ ...widget('r'), w: 1, h: 1 }] }).widgets,
    ).toEqual([{ ...widget('r'), w: 1, h: 1 }]);
    for (const [field, value, max] of [
      ['w', WIDGET_COLS_MAX + 1, WIDGET_COLS_MAX],
      ['w', 0, WIDGET_COLS_MAX],
      ['w', 1.5, WIDGET_COLS_MAX],
      ['h', WIDGET_ROWS_MAX + 1, WIDGET_ROWS_MAX],
      ['h', '2', WIDGET_ROWS_MAX],
    ] as const) {
      expect(problem({ baseVersion: 0, widgets: [{ ...widget('r'), [field]: value }] })).toBe(
        `body.widgets[0].${field}: ${field} must be a whole number from 1 to ${max}`,
      );
    }
  });

  it('names the problem', () => {
    expect(problem({ baseVersion: -1, widgets: [] })).toBe(
      'body.baseVersion: baseVersion must not be negative',
    );
    expect(problem({ baseVersion: 0, widgets: [widget('a'), widget('a')] })).toBe(
      'body.widgets: widget ids must be unique',
    );
    expect(
      problem({ baseVersion: 0, widgets: [{ ...widget('a'), warn: 2, critical: 1 }] }),
    ).toContain('warn must not be above critical');
    expect(problem({ baseVersion: 0, widgets: [], extra: 1 })).toContain('body');
    expect(problem([])).toContain('body');
  });
});

describe('layout widgets of labelled series', () => {
  const one = (series: string) => ({
    baseVersion: 0,
    widgets: [{ id: 'w1', series, kind: 'line', size: 'm' }],
  });

  it('takes a series key and keeps it canonical', () => {
    expect(parseLayoutPut(one('cpu{mode="a,b",core="0"}')).widgets[0]?.series).toBe(
      'cpu{core="0",mode="a,b"}',
    );
  });

  it('refuses a key with a bad label, naming it', () => {
    expect(() => parseLayoutPut(one('cpu{core=""}'))).toThrowError(
      'body.widgets[0].series: label "core" must not have an empty value',
    );
  });
});
