import type {
  AlertCondition,
  AlertRule,
  AlertRuleInput,
  AlertSeverity,
  AlertStatus,
} from '@/lib/protocol';
import type { AlertState } from './alert-store';

/** A rule's row as both engines store it (db/schema.ts `alert_rules`). */
export type AlertRuleColumns = {
  series: string;
  condition: string;
  threshold: number | null;
  forMs: number;
  severity: string;
  board: string | null;
  name: string | null;
};

/** The columns a rule is stored in (absent optional fields as null). */
export function ruleColumnsOf(input: AlertRuleInput): AlertRuleColumns {
  return {
    series: input.series,
    condition: input.condition,
    threshold: input.threshold ?? null,
    forMs: input.forMs,
    severity: input.severity,
    board: input.board ?? null,
    name: input.name ?? null,
  };
}

/** A rule read back (null columns left out, as a client wrote it). */
export function alertRuleOf(row: AlertRuleColumns & { id: number }): AlertRule {
  return {
    id: Number(row.id),
    series: row.series,
    condition: row.condition as AlertCondition,
    ...(row.threshold === null ? {} : { threshold: Number(row.threshold) }),
    forMs: Number(row.forMs),
    severity: row.severity as AlertSeverity,
    ...(row.board === null ? {} : { board: row.board }),
    ...(row.name === null ? {} : { name: row.name }),
  };
}

/** A state read back, its numbers as numbers. */
export function alertStateOf(row: {
  ruleId: number;
  status: string;
  since: number;
  version: number;
  value: number | null;
  notified: string | null;
  notifiedAt: number | null;
  ackedBy: string | null;
  silencedUntil: number | null;
  firingSince: number | null;
}): AlertState {
  const num = (v: number | null) => (v === null ? null : Number(v));
  return {
    ruleId: Number(row.ruleId),
    status: row.status as AlertStatus,
    since: Number(row.since),
    version: Number(row.version),
    value: num(row.value),
    notified: row.notified as AlertStatus | null,
    notifiedAt: num(row.notifiedAt),
    ackedBy: row.ackedBy,
    silencedUntil: num(row.silencedUntil),
    firingSince: num(row.firingSince),
  };
}
