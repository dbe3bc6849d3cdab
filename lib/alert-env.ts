import { z } from 'zod';
import { ALERT_NOTIFY_MIN_INTERVAL_MS } from './alerts/alert-lifecycle';
import { parseWebhookTarget, type WebhookTarget } from './alerts/webhook-targets';
import { commaList, optionalText } from './env-fields';

/** The alerts' settings (docs/alerts.md). */
export const alertEnvSchema = z.object({
  /**
   * Where alert transitions are sent besides the chat, comma separated: a plain `https://...`
   * URL gets the JSON body of docs/alerts.md#webhooks, `slack:https://...` a Slack-compatible
   * `{"text"}` (Mattermost and Rocket.Chat take it too), `ntfy:https://ntfy.sh/<topic>` an ntfy
   * message. Retried with backoff; see docs/alerts.md#webhooks.
   */
  ALERT_WEBHOOKS: commaList.transform((entries, ctx): WebhookTarget[] => {
    const targets: WebhookTarget[] = [];
    for (const entry of entries) {
      const target = parseWebhookTarget(entry);
      if (typeof target === 'string') ctx.addIssue({ code: 'custom', message: target });
      else targets.push(target);
    }
    return targets;
  }),
  /**
   * The server's address as people reach it (`https://dash.example.com`): prefixes the dashboard
   * links sent to webhooks. Unset: webhooks get the path alone (`/b/web?from=...`).
   */
  ALERT_LINK_BASE_URL: optionalText.refine((v) => v === undefined || /^https?:\/\/[^/]/.test(v), {
    message: 'must be an http(s) URL such as https://dash.example.com',
  }),
  /**
   * Least time between two `firing` notifications of one rule, in milliseconds (0 to 86400000):
   * a flapping series does not flood the chat (docs/alerts.md#flapping). Default 300000 (5 min).
   */
  ALERT_NOTIFY_MIN_INTERVAL_MS: z.coerce
    .number()
    .int()
    .min(0)
    .max(86_400_000)
    .default(ALERT_NOTIFY_MIN_INTERVAL_MS),
});
