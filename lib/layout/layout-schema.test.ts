import { describe, expect, it } from 'vitest';
import { AppError } from '@/lib/errors';
import {
  LAYOUT_MAX_WIDGETS,
  SERIES_KEY_MAX_BYTES,
  utf8Length,
  WIDGET_ID_PATTERN,
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
    const name = `m{a="${'\\"'.repeat(Math.floor((SERIES_KEY_MAX_BYTES - 7) / 2))}"}`;
    expect(utf8Length(name)).toBeGreaterThan(SERIES_KEY_MAX_BYTES - 2);
    const big = -1.2345678901234568e-300; // as long as a JSON number gets
    const widgets = Array.from({ length: LAYOUT_MAX_WIDGETS }, (_, i) => ({
      id: 'd'.repeat(160 - String(i).length) + i,
      series: name,
      kind: 'gauge',
      size: 'm',
      warn: big,
      critical: big,
      min: big,
      max: Number.MAX_VALUE,
    }));
    const body = { baseVersion: Number.MAX_SAFE_INTEGER, widgets };
    expect(parseLayoutPut(body).widgets).toHaveLength(LAYOUT_MAX_WIDGETS);
    expect(Buffer.byteLength(JSON.stringify(body))).toBeLessThan(LAYOUT_BODY_MAX_BYTES);
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
