import { describe, expect, it } from 'vitest';
import type { Widget } from '@/lib/protocol';
import {
  addWidget,
  effectiveWidgets,
  gaugeFraction,
  moveWidget,
  removeWidget,
  thresholdLevel,
  withNumber,
} from './layout-model';

const a: Widget = { id: 'a', series: 'cpu', kind: 'gauge', size: 's' };
const b: Widget = { id: 'b', series: 'mem', kind: 'stat', size: 'l' };

describe('effectiveWidgets', () => {
  it('shows the layout first, then a default line widget for each series without one', () => {
    const series = [{ name: 'mem' }, { name: 'disk' }, { name: 'cpu' }];
    expect(effectiveWidgets([a, b], series)).toEqual([
      a,
      b,
      { id: 'd-disk', series: 'disk', kind: 'line', size: 'm' },
    ]);
  });
});

describe('editing', () => {
  it('moves within bounds', () => {
    expect(moveWidget([a, b], 'b', -1).map((w) => w.id)).toEqual(['b', 'a']);
    expect(moveWidget([a, b], 'a', -1).map((w) => w.id)).toEqual(['a', 'b']);
    expect(moveWidget([a, b], 'b', 1).map((w) => w.id)).toEqual(['a', 'b']);
  });

  it('adds with a fresh id and removes', () => {
    const added = addWidget([a, { ...b, id: 'w3' }], 'cpu', 'stat');
    expect(added[2]).toEqual({ id: 'w4', series: 'cpu', kind: 'stat', size: 'm' });
    expect(removeWidget(added, 'w4')).toHaveLength(2);
  });

  it('sets and clears thresholds', () => {
    expect(withNumber(a, 'warn', 5)).toEqual({ ...a, warn: 5 });
    expect(withNumber({ ...a, warn: 5 }, 'warn', undefined)).toEqual(a);
    expect(withNumber(a, 'warn', Number.NaN)).toEqual(a);
  });
});

describe('thresholdLevel', () => {
  const w: Widget = { ...a, warn: 70, critical: 90 };
  it.each([
    [69.99, 'ok'],
    [70, 'warn'],
    [89.99, 'warn'],
    [90, 'critical'],
    [undefined, 'ok'],
  ] as const)('%s → %s', (value, level) => {
    expect(thresholdLevel(value, w)).toBe(level);
  });

  it('is ok without thresholds', () => {
    expect(thresholdLevel(1e9, a)).toBe('ok');
  });
});

describe('gaugeFraction', () => {
  it('defaults to 0..100 and clamps', () => {
    expect(gaugeFraction(25, a)).toBe(0.25);
    expect(gaugeFraction(-5, a)).toBe(0);
    expect(gaugeFraction(500, a)).toBe(1);
    expect(gaugeFraction(1.5, { ...a, min: 1, max: 2 })).toBe(0.5);
  });
});
