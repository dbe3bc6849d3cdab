import type { Registry } from 'prom-client';
import { readCounter, readGauge } from './read-metrics';

/** What the alerts count (lib/alerts: the webhook queue and the chat posts), structurally. */
export type AlertMetricSource = {
  readonly webhooks: {
    readonly delivered: number;
    readonly failed: number;
    readonly retries: number;
    readonly queued: number;
  };
  readonly chat: { readonly delivered: number; readonly failed: number };
};

/**
 * The alert counters of `/metrics`: notifications delivered and failed per channel (a webhook
 * fails after its last retry, or when the queue is full), webhook retries and the queue.
 */
export function registerAlertMetrics(registry: Registry, alerts: AlertMetricSource): void {
  readCounter(
    registry,
    'pulseboard_alert_notifications_total',
    'Alert notifications (firing or resolved) per channel (chat, webhook) and outcome (delivered, failed: a webhook after its last retry or dropped by a full queue).',
    ['channel', 'outcome'],
    () => [
      [{ channel: 'chat', outcome: 'delivered' }, alerts.chat.delivered],
      [{ channel: 'chat', outcome: 'failed' }, alerts.chat.failed],
      [{ channel: 'webhook', outcome: 'delivered' }, alerts.webhooks.delivered],
      [{ channel: 'webhook', outcome: 'failed' }, alerts.webhooks.failed],
    ],
  );
  readCounter(
    registry,
    'pulseboard_alert_webhook_retries_total',
    'Webhook attempts retried.',
    [],
    () => [[{}, alerts.webhooks.retries]],
  );
  readGauge(
    registry,
    'pulseboard_alert_webhook_queue',
    'Webhook deliveries waiting (retries included).',
    () => alerts.webhooks.queued,
  );
}
