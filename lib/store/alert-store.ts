import { AppError } from '@/lib/errors';
import type { AlertRule, AlertRuleInput, AlertStatus, Annotation } from '@/lib/protocol';

/**
 * A rule's stored state. `version` grows by one on every write: a writer passes the version it
 * read, and of two instances writing one transition exactly one wins (compare-and-set), so only
 * the winner notifies (lib/alerts/alert-engine.ts).
 */
export type AlertState = {
  ruleId: number;
  status: AlertStatus;
  /** When the rule entered `status`, in Unix milliseconds. */
  since: number;
  /** 0 before the first write; the stored version after it. */
  version: number;
  /** The last value seen (null: none, or `absent`). */
  value: number | null;
  /** What the last notification said (`firing` or `resolved`), null when none was sent. */
  notified: AlertStatus | null;
  /** When the last `firing` notification was sent, in Unix milliseconds (null: never). */
  notifiedAt: number | null;
  /** Who acknowledged the current firing, or null. */
  ackedBy: string | null;
  /** No notification before this time, in Unix milliseconds (null: not silenced). */
  silencedUntil: number | null;
  /** When the current (or last) firing began, in Unix milliseconds; null before the first. */
  firingSince: number | null;
};

/** An annotation before it is stored. */
export type AnnotationInput = Omit<Annotation, 'id'>;

/** Which annotations to read: `from <= ts <= to`; with `board`, that board's and the global ones. */
export type AnnotationQuery = { from: number; to: number; board?: string | undefined };

/** Alert rules, their states and the timeline's annotations. Every method is async. */
export interface AlertStore {
  /** Every rule, by id. */
  listRules(): Promise<AlertRule[]>;
  /** Stores a new rule with a new id (never reused). */
  createRule(input: AlertRuleInput): Promise<AlertRule>;
  /** Replaces a rule and forgets its state; `not_found` when there is none. */
  updateRule(id: number, input: AlertRuleInput): Promise<AlertRule>;
  /** Deletes a rule and its state; `not_found` when there is none. */
  deleteRule(id: number): Promise<void>;
  /** Every stored state (rules never evaluated have none). */
  listStates(): Promise<AlertState[]>;
  /**
   * Writes `state` with version `baseVersion + 1` when the stored version is `baseVersion`
   * (0: none stored yet) and its rule exists. Resolves with the state written, or undefined
   * when another writer got there first (or the rule is gone): the caller read it again.
   */
  putState(state: AlertState, baseVersion: number): Promise<AlertState | undefined>;
  /** Stores an annotation with a new id. */
  addAnnotation(input: AnnotationInput): Promise<Annotation>;
  /** Annotation `id`, or undefined when there is none (a cluster hint names it, ../alerts). */
  getAnnotation(id: number): Promise<Annotation | undefined>;
  /** The annotations in the range by time (then id), at most `limit` (the newest kept). */
  listAnnotations(query: AnnotationQuery, limit: number): Promise<Annotation[]>;
}

/** The error every engine throws for a rule that does not exist. */
export function alertRuleNotFound(id: number): AppError {
  return new AppError('not_found', `there is no alert rule ${id}`);
}

/** The newest `limit` of `annotations` (sorted by time then id), oldest first. */
export function newestAnnotations(annotations: Annotation[], limit: number): Annotation[] {
  return annotations.length > limit ? annotations.slice(annotations.length - limit) : annotations;
}
