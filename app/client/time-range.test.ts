import { describe, expect, it } from 'vitest';
import { RANGE_MAX_SPAN_MS } from '@/lib/protocol';
import {
  DEFAULT_RANGE,
  PRESET_SPAN_MS,
  panRange,
  parseTimeRange,
  resolveTimeRange,
  serialiseTimeRange,
  ZOOM_MIN_SPAN_MS,
  zoomRange,
} from './time-range';

describe('parseTimeRange', () => {
  it('defaults to the live five minutes', () => {
    expect(parseTimeRange('')).toEqual(DEFAULT_RANGE);
    expect(DEFAULT_RANGE).toEqual({ kind: 'preset', preset: '5m' });
  });

  it.each(['5m', '15m', '1h', '6h', '24h', '7d'])('reads the preset %s', (preset) => {
    expect(parseTimeRange(`?range=${preset}`)).toEqual({ kind: 'preset', preset });
  });

  it.each(['?range=2h', '?range=', '?range=15M', '?from=abc&to=2'])('falls back on %s', (q) => {
    expect(parseTimeRange(q)).toEqual(DEFAULT_RANGE);
  });

  it('reads a custom range, which wins over a preset', () => {
    expect(parseTimeRange('?range=1h&from=1000&to=2000')).toEqual({
      kind: 'custom',
      from: 1000,
      to: 2000,
    });
  });

  it('refuses a reversed or empty custom range', () => {
    expect(parseTimeRange('?from=2000&to=1000')).toEqual(DEFAULT_RANGE);
    expect(parseTimeRange('?from=2000&to=2000&range=1h')).toEqual({ kind: 'preset', preset: '1h' });
  });

  it('accepts a span of exactly 366 days and refuses one millisecond more', () => {
    expect(parseTimeRange(`?from=0&to=${RANGE_MAX_SPAN_MS}`)).toEqual({
      kind: 'custom',
      from: 0,
      to: RANGE_MAX_SPAN_MS,
    });
    expect(parseTimeRange(`?from=0&to=${RANGE_MAX_SPAN_MS + 1}`)).toEqual(DEFAULT_RANGE);
  });

  it('refuses negative, fractional and huge numbers', () => {
    for (const q of [
      '?from=-1&to=5',
      '?from=1.5&to=5',
      '?from=1&to=1e9',
      '?from=1&to=9999999999999999',
    ]) {
      expect(parseTimeRange(q)).toEqual(DEFAULT_RANGE);
    }
  });
});

describe('serialiseTimeRange', () => {
  it('writes nothing for the default range and drops stale parameters', () => {
    expect(serialiseTimeRange(DEFAULT_RANGE, '?range=1h&from=1&to=2')).toBe('');
  });

  it('keeps other parameters such as widget', () => {
    expect(serialiseTimeRange({ kind: 'preset', preset: '15m' }, '?widget=w-cpu')).toBe(
      'widget=w-cpu&range=15m',
    );
    expect(serialiseTimeRange({ kind: 'custom', from: 1, to: 2 }, '?range=1h')).toBe('from=1&to=2');
  });

  it('round-trips through parseTimeRange', () => {
    for (const range of [
      { kind: 'preset', preset: '7d' },
      { kind: 'custom', from: 1_700_000_000_000, to: 1_700_000_600_000 },
    ] as const) {
      expect(parseTimeRange(serialiseTimeRange(range))).toEqual(range);
    }
  });
});

describe('resolveTimeRange', () => {
  it('ends a preset now (live) and keeps a custom range as given (static)', () => {
    expect(resolveTimeRange({ kind: 'preset', preset: '1h' }, 10_000_000)).toEqual({
      from: 10_000_000 - PRESET_SPAN_MS['1h'],
      to: 10_000_000,
      live: true,
    });
    expect(resolveTimeRange({ kind: 'custom', from: 1, to: 2 }, 10)).toEqual({
      from: 1,
      to: 2,
      live: false,
    });
  });
});

describe('zoomRange', () => {
  it('keeps a dragged span as it is', () => {
    expect(zoomRange(1_000_000, 1_060_000)).toEqual({
      kind: 'custom',
      from: 1_000_000,
      to: 1_060_000,
    });
  });
  it('widens a tiny drag to ZOOM_MIN_SPAN_MS around its middle', () => {
    expect(zoomRange(1_000_000, 1_000_002)).toEqual({
      kind: 'custom',
      from: 1_000_001 - ZOOM_MIN_SPAN_MS / 2,
      to: 1_000_001 + ZOOM_MIN_SPAN_MS / 2,
    });
  });
  it('accepts the ends in either order and answers a range the URL takes', () => {
    const range = zoomRange(2_000_000.7, 1_000_000.2);
    expect(range).toEqual({ kind: 'custom', from: 1_000_000, to: 2_000_001 });
    expect(parseTimeRange(serialiseTimeRange(range))).toEqual(range);
  });
});

describe('panRange', () => {
  const now = 10_000_000;
  it('moves a preset half its span earlier, as a custom range', () => {
    expect(panRange({ kind: 'preset', preset: '5m' }, -1, now)).toEqual({
      kind: 'custom',
      from: now - 450_000,
      to: now - 150_000,
    });
  });
  it('never moves past now', () => {
    expect(panRange({ kind: 'custom', from: now - 100_000, to: now - 20_000 }, 1, now)).toEqual({
      kind: 'custom',
      from: now - 80_000,
      to: now,
    });
  });
});
