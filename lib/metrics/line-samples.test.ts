import { describe, expect, it } from 'vitest';
import { AppError } from '@/lib/errors';
import { parseLineProtocol } from './line-protocol';
import {
  LINE_MAX_SAMPLES,
  type LinePrecision,
  parsePrecision,
  samplesOfLines,
} from './line-samples';

const NOW = 1_764_000_000_000;
const WINDOW = { maxFutureMs: 300_000, rawRetentionMs: 48 * 3_600_000 };
const samples = (text: string, precision: LinePrecision = 'ns') =>
  samplesOfLines(parseLineProtocol(text), precision, WINDOW, NOW);
const refusal = (run: () => unknown) => {
  try {
    run();
  } catch (error) {
    if (error instanceof AppError) return `${error.code}: ${error.message}`;
    throw error;
  }
  throw new Error('accepted');
};

describe('samplesOfLines', () => {
  it('makes each numeric field the series <measurement>_<field>, tags its labels, strings counted apart', () => {
    const ts = BigInt(NOW - 1000) * 1_000_000n;
    expect(
      samples(`cpu,host=web-1,cpu=cpu0 usage_idle=98.5,usage_user=1i,ok=true,state="up" ${ts}`),
    ).toEqual({
      samples: [
        { series: 'cpu_usage_idle{cpu="cpu0",host="web-1"}', value: 98.5, ts: NOW - 1000 },
        { series: 'cpu_usage_user{cpu="cpu0",host="web-1"}', value: 1, ts: NOW - 1000 },
        { series: 'cpu_ok{cpu="cpu0",host="web-1"}', value: 1, ts: NOW - 1000 },
      ],
      stringFields: 1,
    });
  });

  it('takes the server clock for a line without a timestamp', () => {
    expect(samples('mem used=1').samples).toEqual([{ series: 'mem_used', value: 1, ts: NOW }]);
  });

  it.each([
    ['ns', BigInt(NOW) * 1_000_000n + 999_999n],
    ['us', BigInt(NOW) * 1_000n + 999n],
    ['ms', BigInt(NOW)],
    ['s', BigInt(NOW / 1000)],
  ] as const)('converts precision=%s to milliseconds, truncating', (precision, raw) => {
    expect(samples(`m v=1 ${raw}`, precision).samples[0]?.ts).toBe(NOW);
  });

  it('makes names safe: other characters become _, a label name never starts with a digit', () => {
    expect(samples('disk\\ io,2fa=x,dev-name=sda read\\ bytes=1').samples[0]?.series).toBe(
      'disk_io_read_bytes{_2fa="x",dev_name="sda"}',
    );
  });

  it.each([
    [
      `m v=1 ${BigInt(NOW) * 1000n}`,
      'ms',
      /^bad_timestamp: line 1: timestamp \d+ at precision=ms is .* ahead of the server clock.*check \?precision=/,
    ],
    [
      `m v=1 ${NOW}`,
      'ns',
      /^bad_timestamp: line 1: timestamp \d+ at precision=ns is .* behind the server clock/,
    ],
    [
      'a v=1\nb v=1\nm,t=x\u202e v=1',
      'ns',
      /^validation_failed: line 3: label "t" value must not contain U\+202E$/,
    ],
    [
      'm,a.b=1,a_b=2 v=1',
      'ns',
      /^validation_failed: line 1: tags "a_b" and another both become label "a_b"$/,
    ],
    [
      `m,t=${'x'.repeat(257)} v=1`,
      'ns',
      /^validation_failed: line 1: label "t" value must be at most 256 characters$/,
    ],
    [
      `${'m'.repeat(120)} field_name=1`,
      'ns',
      /^validation_failed: line 1: series name "m+…" \(measurement_field\) is longer than 128 characters$/,
    ],
  ])('refuses %j naming the line', (text, precision, message) => {
    expect(refusal(() => samples(text, precision as LinePrecision))).toMatch(message);
  });

  it(`takes ${LINE_MAX_SAMPLES} numeric fields and refuses one more with 413`, () => {
    const lines = (n: number) => Array.from({ length: n }, (_, i) => `m v=${i}`).join('\n');
    expect(samples(lines(LINE_MAX_SAMPLES)).samples).toHaveLength(LINE_MAX_SAMPLES);
    expect(refusal(() => samples(lines(LINE_MAX_SAMPLES + 1)))).toBe(
      `payload_too_large: line ${LINE_MAX_SAMPLES + 1}: the write holds more than ${LINE_MAX_SAMPLES} numeric fields [LINE_MAX_SAMPLES]; send smaller batches (Telegraf: metric_batch_size)`,
    );
  });
});

describe('parsePrecision', () => {
  it('defaults to ns and takes ns, us, ms, s and the v1 letters', () => {
    expect([[], [''], ['n'], ['ns'], ['u'], ['us'], ['ms'], ['s']].map(parsePrecision)).toEqual([
      'ns',
      'ns',
      'ns',
      'ns',
      'us',
      'us',
      'ms',
      's',
    ]);
  });

  it('refuses anything else with 400', () => {
    expect(refusal(() => parsePrecision(['h']))).toBe(
      'bad_request: precision must be ns, us, ms or s, got "h"',
    );
    expect(refusal(() => parsePrecision(['s', 'ms']))).toBe(
      'bad_request: precision must be given once',
    );
  });
});
