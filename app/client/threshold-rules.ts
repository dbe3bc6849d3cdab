import {
  ALERT_RULES_PATH,
  type AlertRule,
  type AlertRuleInput,
  type AlertRuleList,
  DEFAULT_BOARD,
  type Widget,
} from '@/lib/protocol';

/** How long a widget's threshold must be passed before its rule fires, in milliseconds (1 min). */
export const THRESHOLD_RULE_FOR_MS = 60_000;

/** The board a page path shows: `/b/<slug>` that slug, anything else the default board. */
export function boardOfPath(pathname: string): string {
  return /^\/b\/([a-z0-9-]{1,48})\/?$/.exec(pathname)?.[1] ?? DEFAULT_BOARD.slug;
}

/** The name of the rule a widget's threshold became (how the switch finds its rules again). */
export function thresholdRuleName(widget: Widget, level: 'warn' | 'critical'): string {
  return `${widget.title ?? widget.series} ${level === 'warn' ? 'warning' : 'critical'}`;
}

/** The rules a widget's thresholds become: one per threshold set, `above` it. */
export function desiredThresholdRules(widget: Widget, board: string): AlertRuleInput[] {
  const rules: AlertRuleInput[] = [];
  for (const level of ['warn', 'critical'] as const) {
    const threshold = widget[level];
    if (threshold === undefined) continue;
    rules.push({
      series: widget.series,
      condition: 'above',
      threshold,
      forMs: THRESHOLD_RULE_FOR_MS,
      severity: level === 'warn' ? 'warning' : 'critical',
      ...(board === DEFAULT_BOARD.slug ? {} : { board }),
      name: thresholdRuleName(widget, level),
    });
  }
  return rules;
}

/** The stored rules that came from this widget's switch (same series, board and name). */
export function widgetRules(
  rules: readonly AlertRule[],
  widget: Widget,
  board: string,
): AlertRule[] {
  const names = new Set([thresholdRuleName(widget, 'warn'), thresholdRuleName(widget, 'critical')]);
  const onBoard = board === DEFAULT_BOARD.slug ? undefined : board;
  return rules.filter(
    (r) =>
      r.series === widget.series &&
      r.board === onBoard &&
      r.name !== undefined &&
      names.has(r.name),
  );
}

/** What to send so the stored rules are the desired ones: creates, updates (by id), deletes. */
export function planThresholdRules(
  existing: readonly AlertRule[],
  desired: readonly AlertRuleInput[],
): { create: AlertRuleInput[]; update: AlertRule[]; remove: number[] } {
  const plan = {
    create: [] as AlertRuleInput[],
    update: [] as AlertRule[],
    remove: [] as number[],
  };
  const left = [...existing];
  for (const want of desired) {
    const at = left.findIndex((r) => r.name === want.name);
    const have = left[at];
    if (!have) {
      plan.create.push(want);
      continue;
    }
    left.splice(at, 1);
    if (have.threshold !== want.threshold || have.severity !== want.severity) {
      plan.update.push({ ...want, id: have.id });
    }
  }
  plan.remove.push(...left.map((r) => r.id));
  return plan;
}

/** Reads the rules, then creates, updates and deletes so this widget's are `desired`. */
export async function syncThresholdRules(
  widget: Widget,
  board: string,
  desired: readonly AlertRuleInput[],
): Promise<AlertRule[]> {
  const existing = widgetRules(await listRules(), widget, board);
  const plan = planThresholdRules(existing, desired);
  const json = { 'Content-Type': 'application/json' };
  const send = async (url: string, method: string, body?: unknown) => {
    const response = await fetch(url, {
      method,
      headers: json,
      ...(body === undefined ? {} : { body: JSON.stringify(body) }),
    });
    if (!response.ok) {
      const answer = (await response.json().catch(() => ({}))) as { error?: { message?: string } };
      throw new Error(answer.error?.message ?? `HTTP ${response.status}`);
    }
  };
  for (const id of plan.remove) await send(`${ALERT_RULES_PATH}/${id}`, 'DELETE');
  for (const rule of plan.update) {
    const { id, ...input } = rule;
    await send(`${ALERT_RULES_PATH}/${id}`, 'PUT', input);
  }
  for (const input of plan.create) await send(ALERT_RULES_PATH, 'POST', input);
  return widgetRules(await listRules(), widget, board);
}

/** `GET /api/alert-rules`. */
export async function listRules(): Promise<AlertRule[]> {
  const response = await fetch(ALERT_RULES_PATH, { cache: 'no-store' });
  if (!response.ok) throw new Error(`HTTP ${response.status}`);
  return ((await response.json()) as AlertRuleList).rules;
}
