import { describe, expect, it } from 'vitest';
import type { AlertTransition } from './alert-engine';
import { parseWebhookTarget, webhookRequestOf } from './webhook-targets';

const t: AlertTransition = {
  kind: 'resolved',
  rule: {
    id: 3,
    series: 'cpu',
    condition: 'above',
    threshold: 90,
    forMs: 0,
    severity: 'critical',
    name: 'CPU hot',
  },
  state: {
    ruleId: 3,
    status: 'resolved',
    since: 5_000,
    version: 3,
    value: 40,
    notified: 'resolved',
    notifiedAt: 1_000,
    ackedBy: null,
    silencedUntil: null,
    firingSince: 1_000,
  },
  at: 5_000,
};

describe('webhook targets', () => {
  it('parses plain, slack: and ntfy: URLs and refuses others', () => {
    expect(parseWebhookTarget('https://x.test/h')).toEqual({
      kind: 'json',
      url: 'https://x.test/h',
    });
    expect(parseWebhookTarget('slack:https://hooks.slack.test/T1')).toEqual({
      kind: 'slack',
      url: 'https://hooks.slack.test/T1',
    });
    expect(parseWebhookTarget('ntfy:https://ntfy.sh/ops')).toEqual({
      kind: 'ntfy',
      url: 'https://ntfy.sh/ops',
    });
    expect(parseWebhookTarget('ftp://x')).toMatch(/not an http\(s\) URL/);
    expect(parseWebhookTarget('slack:nope')).toMatch(/not an http\(s\) URL/);
  });

  it('sends the JSON body of the contract to a plain URL', () => {
    const request = webhookRequestOf(
      { kind: 'json', url: 'https://x.test/h' },
      t,
      'text',
      'https://d.test/?from=1&to=2',
    );
    expect(JSON.parse(request.body)).toEqual({
      status: 'resolved',
      rule: t.rule,
      series: 'cpu',
      value: 40,
      threshold: 90,
      startsAt: 1_000,
      endsAt: 5_000,
      link: 'https://d.test/?from=1&to=2',
    });
  });

  it('sends {"text"} to slack: and a text body with headers to ntfy:', () => {
    expect(
      JSON.parse(webhookRequestOf({ kind: 'slack', url: 'https://s' }, t, 'hello', '/x').body),
    ).toEqual({ text: 'hello' });
    const ntfy = webhookRequestOf(
      { kind: 'ntfy', url: 'https://n' },
      { ...t, kind: 'firing' },
      'hi',
      'https://d/x',
    );
    expect(ntfy.body).toBe('hi');
    expect(ntfy.headers).toMatchObject({
      title: 'CPU hot firing',
      priority: 'high',
      click: 'https://d/x',
    });
  });
});
