import { errorFields, log } from '@/lib/logger';
import type { AlertStore } from '@/lib/store/alert-store';
import { type AlertChat, roomOfBoard } from './alert-chat';
import type { AlertTransition } from './alert-engine';
import { alertLink, alertText, ruleTitle, type WidgetFinder } from './alert-message';
import type { WebhookQueue } from './webhook-queue';
import { type WebhookTarget, webhookRequestOf } from './webhook-targets';

export type AlertNotifierDeps = {
  chat: AlertChat;
  store: AlertStore;
  webhooks: WebhookQueue;
  targets: readonly WebhookTarget[];
  /** Finds the widget showing a series on a board, for the link (none: no `widget=`). */
  findWidget?: WidgetFinder;
  /** Prefix of the links sent to webhooks (ALERT_LINK_BASE_URL); none: the path alone. */
  linkBaseUrl?: string | undefined;
  /**
   * Whether a board still exists. A rule of a board deleted since is told as the default
   * board's (`general`, a link to `/`, an annotation for every board), never into a room nobody
   * can open. Absent: every board counts as existing.
   */
  boardExists?: (slug: string) => Promise<boolean>;
};

/** Chat posts of transitions, for /metrics. */
export type AlertChatStats = { delivered: number; failed: number };

/**
 * Tells a transition everywhere: the chat room of the rule's board, every webhook (queued), and
 * the timeline (an annotation on the rule's board at the transition's time). One failing does
 * not stop the others; each failure is logged.
 */
export function alertNotifier(
  deps: AlertNotifierDeps,
  stats: AlertChatStats = { delivered: 0, failed: 0 },
): (t: AlertTransition) => Promise<void> {
  return async (told) => {
    const t = await onExistingBoard(told, deps.boardExists);
    let widget: string | undefined;
    try {
      widget = await deps.findWidget?.(t.rule.board, t.rule.series);
    } catch (error) {
      log.warn('alert widget lookup failed', errorFields(error));
    }
    const link = alertLink(t, widget);
    const text = alertText(t, link);
    const absolute = deps.linkBaseUrl ? `${deps.linkBaseUrl.replace(/\/$/, '')}${link}` : link;
    for (const target of deps.targets) {
      deps.webhooks.enqueue(webhookRequestOf(target, told, alertText(t, absolute), absolute));
    }
    await Promise.all([
      deps.chat.post(roomOfBoard(t.rule.board), text).then(
        () => {
          stats.delivered++;
        },
        (error: unknown) => {
          stats.failed++;
          log.warn('alert chat post failed', { rule: t.rule.id, ...errorFields(error) });
        },
      ),
      deps.store
        .addAnnotation({
          ts: t.at,
          text: `${ruleTitle(t.rule)} ${t.kind}`,
          board: t.rule.board ?? null,
        })
        .catch((error: unknown) => {
          log.warn('alert annotation failed', { rule: t.rule.id, ...errorFields(error) });
        }),
    ]);
  };
}

/** `t`, told as the default board's when its rule's board no longer exists. */
async function onExistingBoard(
  t: AlertTransition,
  boardExists: AlertNotifierDeps['boardExists'],
): Promise<AlertTransition> {
  const board = t.rule.board;
  if (board === undefined || !boardExists) return t;
  const exists = await boardExists(board).catch(() => true);
  if (exists) return t;
  const { board: _gone, ...rule } = t.rule;
  return { ...t, rule };
}
