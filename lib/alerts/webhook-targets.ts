import type { AlertTransition } from './alert-engine';
import { ruleTitle } from './alert-message';

/** Which body a webhook gets: the JSON of docs/alerts.md, Slack's `{"text"}`, or ntfy's. */
export type WebhookKind = 'json' | 'slack' | 'ntfy';

/** One `ALERT_WEBHOOKS` entry. */
export type WebhookTarget = { kind: WebhookKind; url: string };

/** One HTTP request to send. */
export type WebhookRequest = { url: string; headers: Record<string, string>; body: string };

/**
 * Parses one `ALERT_WEBHOOKS` entry: `slack:<url>` (Slack, Mattermost, Rocket.Chat), `ntfy:<url>`
 * (an ntfy topic URL) or a plain `<url>` (the JSON body); the URL must be http or https.
 * Returns a sentence naming the problem otherwise.
 */
export function parseWebhookTarget(entry: string): WebhookTarget | string {
  const prefixed = /^(slack|ntfy):(https?:\/\/.*)$/.exec(entry);
  const kind: WebhookKind = prefixed ? (prefixed[1] as WebhookKind) : 'json';
  const url = prefixed ? (prefixed[2] ?? '') : entry;
  try {
    const parsed = new URL(url);
    if (parsed.protocol !== 'http:' && parsed.protocol !== 'https:') throw new Error('scheme');
  } catch {
    return `${entry} is not an http(s) URL, optionally after slack: or ntfy:`;
  }
  return { kind, url };
}

/** The request of one transition for one target; `link` absolute when ALERT_LINK_BASE_URL is set. */
export function webhookRequestOf(
  target: WebhookTarget,
  t: AlertTransition,
  text: string,
  link: string,
): WebhookRequest {
  if (target.kind === 'slack') {
    return { url: target.url, headers: JSON_HEADERS, body: JSON.stringify({ text }) };
  }
  if (target.kind === 'ntfy') {
    return {
      url: target.url,
      headers: {
        'content-type': 'text/plain; charset=utf-8',
        title: asciiHeader(`${ruleTitle(t.rule)} ${t.kind}`),
        priority: t.kind === 'firing' && t.rule.severity === 'critical' ? 'high' : 'default',
        tags: t.kind === 'firing' ? 'rotating_light' : 'white_check_mark',
        ...(link.startsWith('http') ? { click: link } : {}),
      },
      body: text,
    };
  }
  const startsAt = t.state.firingSince ?? t.at;
  return {
    url: target.url,
    headers: JSON_HEADERS,
    body: JSON.stringify({
      status: t.kind,
      rule: t.rule,
      series: t.rule.series,
      value: t.state.value,
      threshold: t.rule.threshold ?? null,
      startsAt,
      ...(t.kind === 'resolved' ? { endsAt: t.at } : {}),
      link,
    }),
  };
}

const JSON_HEADERS = { 'content-type': 'application/json' };

/** HTTP header values are Latin-1: anything else becomes `?`. */
function asciiHeader(text: string): string {
  return text.replace(/[^\x20-\x7e]/g, '?');
}
