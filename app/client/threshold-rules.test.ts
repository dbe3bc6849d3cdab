import { describe, expect, it } from 'vitest';
import type { AlertRule, Widget } from '@/lib/protocol';
import {
  boardOfPath,
  desiredThresholdRules,
  planThresholdRules,
  THRESHOLD_RULE_FOR_MS,
  widgetRules,
} from './threshold-rules';

const widget: Widget = { id: 'w1', series: 'cpu', kind: 'line', size: 'm', warn: 70, critical: 90 };

describe('threshold rules', () => {
  it('reads the board from the page path', () => {
    expect(boardOfPath('/')).toBe('default');
    expect(boardOfPath('/b/web')).toBe('web');
    expect(boardOfPath('/b/web/')).toBe('web');
    expect(boardOfPath('/login')).toBe('default');
  });

  it('makes one rule per threshold set, above it, on the board (none for the default one)', () => {
    expect(desiredThresholdRules(widget, 'web')).toEqual([
      {
        series: 'cpu',
        condition: 'above',
        threshold: 70,
        forMs: THRESHOLD_RULE_FOR_MS,
        severity: 'warning',
        board: 'web',
        name: 'cpu warning',
      },
      {
        series: 'cpu',
        condition: 'above',
        threshold: 90,
        forMs: THRESHOLD_RULE_FOR_MS,
        severity: 'critical',
        board: 'web',
        name: 'cpu critical',
      },
    ]);
    const { warn: _w, ...onlyCritical } = widget;
    expect(desiredThresholdRules({ ...onlyCritical, title: 'CPU' }, 'default')).toEqual([
      {
        series: 'cpu',
        condition: 'above',
        threshold: 90,
        forMs: THRESHOLD_RULE_FOR_MS,
        severity: 'critical',
        name: 'CPU critical',
      },
    ]);
  });

  it("finds the widget's own rules only, and plans creates, updates and deletes", () => {
    const stored: AlertRule[] = [
      {
        id: 1,
        series: 'cpu',
        condition: 'above',
        threshold: 60,
        forMs: 60_000,
        severity: 'warning',
        name: 'cpu warning',
      },
      {
        id: 2,
        series: 'cpu',
        condition: 'above',
        threshold: 60,
        forMs: 60_000,
        severity: 'warning',
        name: 'mine',
      },
      {
        id: 3,
        series: 'cpu',
        condition: 'above',
        threshold: 90,
        forMs: 60_000,
        severity: 'critical',
        name: 'cpu critical',
        board: 'web',
      },
    ];
    const own = widgetRules(stored, widget, 'default');
    expect(own.map((r) => r.id)).toEqual([1]);
    const desired = desiredThresholdRules(widget, 'default');
    expect(planThresholdRules(own, desired)).toEqual({
      create: [desired[1]],
      update: [{ ...desired[0], id: 1 }],
      remove: [],
    });
    expect(planThresholdRules(own, [])).toEqual({ create: [], update: [], remove: [1] });
    expect(
      planThresholdRules([{ ...desired[0], id: 1 } as AlertRule], desired.slice(0, 1)),
    ).toEqual({
      create: [],
      update: [],
      remove: [],
    });
  });
});
