import { describe, expect, it } from 'vitest';
import { describeIssue } from './describe-issue';
import { ingestBodySchema } from './ingest-body';
import { SERIES_UNIT_MAX_CHARS } from './ingest-rules';

const sample = { series: 'cpu', value: 1 };

describe('ingestBodySchema', () => {
  it('accepts 1 and 1000 samples', () => {
    expect(ingestBodySchema.safeParse({ samples: [sample] }).success).toBe(true);
    expect(ingestBodySchema.safeParse({ samples: Array(1000).fill(sample) }).success).toBe(true);
  });

  it.each([
    ['no samples key', {}, 'body.samples'],
    ['empty samples', { samples: [] }, 'at least 1'],
    ['1001 samples', { samples: Array(1001).fill(sample) }, 'at most 1000'],
    ['samples not an array', { samples: 'x' }, 'samples must be an array'],
    ['bad series name', { samples: [{ series: 'a b', value: 1 }] }, 'body.samples[0].series'],
    ['series too long', { samples: [{ series: 'a'.repeat(129), value: 1 }] }, 'series must match'],
    ['value as text', { samples: [{ series: 'a', value: '1' }] }, 'value must be a finite number'],
    ['infinite value', { samples: [{ series: 'a', value: Infinity }] }, 'finite'],
    ['NaN value', { samples: [{ series: 'a', value: Number.NaN }] }, 'body.samples[0].value'],
    ['fractional ts', { samples: [{ series: 'a', value: 1, ts: 1.5 }] }, 'whole'],
    ['negative ts', { samples: [{ series: 'a', value: 1, ts: -1 }] }, 'negative'],
    ['a unit that is a number', { samples: [{ ...sample, unit: 5 }] }, 'unit must be a string'],
    ['array body', [], 'body'],
  ])('rejects %s with a readable message', (_name, body, fragment) => {
    const result = ingestBodySchema.safeParse(body);
    expect(result.success).toBe(false);
    if (!result.success) expect(describeIssue(result.error)).toContain(fragment);
  });

  it('accepts a series name of 128 characters from the whole alphabet', () => {
    const series = `Az09_.:-${'x'.repeat(120)}`;
    expect(ingestBodySchema.safeParse({ samples: [{ series, value: -1e300 }] }).success).toBe(true);
  });

  it('leaves the timestamp window to sampleTimestampProblem: any whole ts >= 0 has the shape', () => {
    for (const ts of [0, 1_700_000_000, 8.64e15, 1.7e18]) {
      expect(ingestBodySchema.safeParse({ samples: [{ ...sample, ts }] }).success).toBe(true);
    }
  });

  it('accepts a unit of SERIES_UNIT_MAX_CHARS characters and refuses one more', () => {
    const withUnit = (unit: string) => ({ samples: [{ series: 'a', value: 1, unit }] });
    expect(ingestBodySchema.safeParse(withUnit('u'.repeat(SERIES_UNIT_MAX_CHARS))).success).toBe(
      true,
    );
    expect(
      ingestBodySchema.safeParse(withUnit('u'.repeat(SERIES_UNIT_MAX_CHARS + 1))).success,
    ).toBe(false);
    expect(ingestBodySchema.safeParse(withUnit('')).success).toBe(false);
  });

  it.each([
    ['ms', true],
    ['°C', true],
    ['µs', true],
    ['req/s', true],
    ['שניות', true],
    ['ms\u0000', false],
    ['ms\n', false],
    ['\u202ems', false],
    ['m\u00ads', false],
    ['m\u200bs', false],
    [' ', false],
  ])('takes the unit %j only when it is safe display text (%s)', (unit, ok) => {
    const result = ingestBodySchema.safeParse({ samples: [sample, { ...sample, unit }] });
    expect(result.success).toBe(ok);
    if (!result.success)
      expect(describeIssue(result.error)).toMatch(/^body\.samples\[1\]\.unit: unit /);
  });

  it('names the refused character of a unit by its code point', () => {
    const result = ingestBodySchema.safeParse({ samples: [{ ...sample, unit: 'ms\u202e' }] });
    expect(result.success || describeIssue(result.error)).toBe(
      'body.samples[0].unit: unit U+202E RIGHT-TO-LEFT OVERRIDE (a bidi control) at character 3 is not allowed',
    );
  });
});
