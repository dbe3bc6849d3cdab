/**
 * Alert rules, alert states and annotations on the wire (issue 16, docs/protocol.md#alerts):
 * the shapes of `/api/alert-rules`, `/api/alerts` and `/api/annotations`.
 */

/** What a rule watches for: a value above or below `threshold`, or no sample at all. */
export const ALERT_CONDITIONS = ['above', 'below', 'absent'] as const;
export type AlertCondition = (typeof ALERT_CONDITIONS)[number];

export const ALERT_SEVERITIES = ['warning', 'critical'] as const;
export type AlertSeverity = (typeof ALERT_SEVERITIES)[number];

/** Longest a rule's `forMs` may be, in milliseconds (7 days). */
export const ALERT_FOR_MAX_MS = 7 * 24 * 60 * 60 * 1000;
/** Longest rule name, in characters. */
export const ALERT_NAME_MAX_CHARS = 80;
/** Most rules one server keeps. */
export const ALERT_RULES_MAX = 500;
/** Longest annotation text, in characters. */
export const ANNOTATION_TEXT_MAX_CHARS = 200;
/** Most annotations one `GET /api/annotations` answers with (the newest in the range). */
export const ANNOTATIONS_READ_MAX = 1000;

/** A rule as a client writes it (`POST`/`PUT /api/alert-rules`). */
export type AlertRuleInput = {
  series: string;
  condition: AlertCondition;
  /** Required for `above` and `below`; absent for `absent`. */
  threshold?: number;
  /** How long the condition must hold before the rule fires, in milliseconds. */
  forMs: number;
  severity: AlertSeverity;
  /** The board the rule belongs to (its chat room, its links); none: the default board. */
  board?: string;
  name?: string;
};

/** A stored rule. */
export type AlertRule = AlertRuleInput & { id: number };

/** `GET /api/alert-rules`. */
export type AlertRuleList = { rules: AlertRule[] };

/** Where a rule is in its lifecycle: ok -> pending -> firing -> resolved (-> pending ...). */
export const ALERT_STATUSES = ['ok', 'pending', 'firing', 'resolved'] as const;
export type AlertStatus = (typeof ALERT_STATUSES)[number];

/** A rule's current state (`GET /api/alerts`). */
export type AlertView = {
  rule: AlertRule;
  status: AlertStatus;
  /** When the rule entered `status`, in Unix milliseconds. */
  since: number;
  /** The last value seen of its series (null: none yet, or `absent`). */
  value: number | null;
  /** Who acknowledged the current firing (`/ack`), or null. */
  ackedBy: string | null;
  /** Until when no notification is sent (`/silence`), in Unix milliseconds, or null. */
  silencedUntil: number | null;
};

/** `GET /api/alerts`: every rule's state, firing first. */
export type AlertList = { alerts: AlertView[] };

/** A marker on the charts' timeline. */
export type Annotation = {
  id: number;
  /** Its time, in Unix milliseconds. */
  ts: number;
  text: string;
  /** The board it belongs to; null: every board shows it. */
  board: string | null;
};

/** `GET /api/annotations`. */
export type AnnotationList = { annotations: Annotation[] };

/** The paths of the alerts API. */
export const ALERT_RULES_PATH = '/api/alert-rules';
export const ALERTS_PATH = '/api/alerts';
export const ANNOTATIONS_PATH = '/api/annotations';
