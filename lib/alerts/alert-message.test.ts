import { describe, expect, it } from 'vitest';
import { parseDashboardLink } from '@/app/components/dashboard-link';
import type { AlertTransition } from './alert-engine';
import { ALERT_LINK_MARGIN_MS, alertLink, alertText } from './alert-message';

const firing: AlertTransition = {
  kind: 'firing',
  rule: {
    id: 3,
    series: 'cpu{host="a"}',
    condition: 'above',
    threshold: 90,
    forMs: 60_000,
    severity: 'critical',
    board: 'web',
    name: 'CPU hot',
  },
  state: {
    ruleId: 3,
    status: 'firing',
    since: 2_000_000,
    version: 2,
    value: 95.123456789,
    notified: 'firing',
    notifiedAt: 2_000_000,
    ackedBy: null,
    silencedUntil: null,
    firingSince: 2_000_000,
  },
  at: 2_000_000,
};

describe('alert messages', () => {
  it('links to the board at the moment, with the widget, in the form the page reads', () => {
    const link = alertLink(firing, 'w1');
    const from = 2_000_000 - 60_000 - ALERT_LINK_MARGIN_MS;
    expect(link).toBe(`/b/web?from=${from}&to=${2_000_000 + ALERT_LINK_MARGIN_MS}&widget=w1`);
    expect(parseDashboardLink(link)).toEqual({
      board: 'web',
      from,
      to: 2_000_000 + ALERT_LINK_MARGIN_MS,
      widget: 'w1',
    });
    const onDefault = alertLink(
      { ...firing, rule: { ...firing.rule, board: undefined } as never },
      undefined,
    );
    expect(onDefault).toMatch(/^\/\?from=\d+&to=\d+$/);
    expect(parseDashboardLink(onDefault)).not.toBeNull();
  });

  it('says the series, value, threshold and for how long, the link last', () => {
    expect(alertText(firing, '/b/web?from=1&to=2')).toBe(
      '[critical] CPU hot is firing: cpu{host="a"} = 95.1235, above 90 for 1m. /b/web?from=1&to=2',
    );
    const resolved: AlertTransition = {
      ...firing,
      kind: 'resolved',
      state: { ...firing.state, status: 'resolved', value: 40 },
      at: 2_000_000 + 125_000,
    };
    expect(alertText(resolved, '/x')).toBe(
      '[critical] CPU hot resolved after 2m 5s: cpu{host="a"} = 40, no longer above 90. /x',
    );
    const absent: AlertTransition = {
      ...firing,
      rule: { id: 4, series: 'beat', condition: 'absent', forMs: 300_000, severity: 'warning' },
    };
    expect(alertText(absent, '/x')).toBe(
      '[warning] alert #4 is firing: no sample of beat for 5m. /x',
    );
  });
});
