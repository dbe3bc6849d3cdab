import type { AlertRule } from '@/lib/protocol';
import { formatDurationMs } from './alert-duration';
import type { AlertTransition } from './alert-engine';

/** Time shown before the alert began and after it was decided in its link, in milliseconds (15 min). */
export const ALERT_LINK_MARGIN_MS = 15 * 60_000;

/** Where the widget of a rule's series is: its id on the rule's board, if one shows it. */
export type WidgetFinder = (
  board: string | undefined,
  series: string,
) => Promise<string | undefined>;

/**
 * The dashboard link to the moment of a transition: the rule's board (`/b/<slug>`, `/` for the
 * default one) from `ALERT_LINK_MARGIN_MS` before the condition began to as long after the
 * transition, and the widget showing the series when there is one. The page reads `from`,
 * `to` and `widget` (app/components/dashboard-link.ts viewFromSearch).
 */
export function alertLink(t: AlertTransition, widget: string | undefined): string {
  const began = (t.state.firingSince ?? t.at) - t.rule.forMs;
  const from = Math.max(0, began - ALERT_LINK_MARGIN_MS);
  const to = t.at + ALERT_LINK_MARGIN_MS;
  const board = t.rule.board;
  const path = board === undefined || board === 'default' ? '/' : `/b/${board}`;
  return `${path}?from=${from}&to=${to}${widget === undefined ? '' : `&widget=${widget}`}`;
}

/** The chat text of a transition; the link last, after a space (the chat makes it a link). */
export function alertText(t: AlertTransition, link: string): string {
  const { rule, state } = t;
  const head = `[${rule.severity}] ${ruleTitle(rule)}`;
  if (t.kind === 'firing') {
    const what =
      rule.condition === 'absent'
        ? `no sample of ${rule.series} for ${formatDurationMs(rule.forMs)}`
        : `${rule.series} = ${formatValue(state.value)}, ${rule.condition} ${formatValue(rule.threshold ?? null)} for ${formatDurationMs(Math.max(rule.forMs, t.at - (state.firingSince ?? t.at) + rule.forMs))}`;
    return `${head} is firing: ${what}. ${link}`;
  }
  const lasted = formatDurationMs(t.at - (state.firingSince ?? t.at));
  const what =
    rule.condition === 'absent'
      ? `${rule.series} has samples again`
      : `${rule.series} = ${formatValue(state.value)}, no longer ${rule.condition} ${formatValue(rule.threshold ?? null)}`;
  return `${head} resolved after ${lasted}: ${what}. ${link}`;
}

/** A rule's name, or `alert #<id>`. */
export function ruleTitle(rule: AlertRule): string {
  return rule.name ?? `alert #${rule.id}`;
}

function formatValue(value: number | null): string {
  if (value === null) return 'none';
  return Number.isInteger(value) ? String(value) : String(Number(value.toPrecision(6)));
}
