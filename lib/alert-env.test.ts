import { describe, expect, it } from 'vitest';
import { ALERT_NOTIFY_MIN_INTERVAL_MS } from './alerts/alert-lifecycle';
import { parseEnv } from './env';

describe('alert settings', () => {
  it('parses ALERT_WEBHOOKS into targets, defaults the rest', () => {
    const env = parseEnv({
      ALERT_WEBHOOKS: 'https://a.test/h, slack:https://s.test/x,ntfy:http://n.test/t',
    });
    expect(env.ALERT_WEBHOOKS).toEqual([
      { kind: 'json', url: 'https://a.test/h' },
      { kind: 'slack', url: 'https://s.test/x' },
      { kind: 'ntfy', url: 'http://n.test/t' },
    ]);
    expect(env.ALERT_NOTIFY_MIN_INTERVAL_MS).toBe(ALERT_NOTIFY_MIN_INTERVAL_MS);
    expect(env.ALERT_LINK_BASE_URL).toBeUndefined();
    expect(parseEnv({}).ALERT_WEBHOOKS).toEqual([]);
  });

  it('refuses a webhook that is not an http(s) URL, and a bad base URL, naming them', () => {
    expect(() => parseEnv({ ALERT_WEBHOOKS: 'https://ok.test,teams:https://x' })).toThrow(
      /ALERT_WEBHOOKS: teams:https:\/\/x is not an http\(s\) URL/,
    );
    expect(() => parseEnv({ ALERT_LINK_BASE_URL: 'dash.example.com' })).toThrow(
      /ALERT_LINK_BASE_URL/,
    );
    expect(() => parseEnv({ ALERT_NOTIFY_MIN_INTERVAL_MS: '-1' })).toThrow(
      /ALERT_NOTIFY_MIN_INTERVAL_MS/,
    );
  });
});
