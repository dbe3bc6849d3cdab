import type { AlertRule, AlertStatus } from '@/lib/protocol';
import type { AlertState } from '@/lib/store/alert-store';

/**
 * Least time between two `firing` notifications of one rule, in milliseconds (default 5 min):
 * a flapping series posts at most one firing per rule in this time (each followed by at most
 * one resolve). A firing held back meanwhile is posted once the time has passed, if the rule is
 * still firing then (docs/alerts.md#flapping).
 */
export const ALERT_NOTIFY_MIN_INTERVAL_MS = 5 * 60_000;

/** What a rule is evaluated on: a sample of its series, or the timer (time passing). */
export type AlertObservation =
  | { kind: 'sample'; value: number }
  | {
      kind: 'tick' /** For `absent`: when the series last had a sample (engine clock), ms. */;
      lastSeenAt?: number | undefined;
    };

/** A rule's state before it was ever stored: ok since `now`. */
export function initialAlertState(ruleId: number, now: number): AlertState {
  return {
    ruleId,
    status: 'ok',
    since: now,
    version: 0,
    value: null,
    notified: null,
    notifiedAt: null,
    ackedBy: null,
    silencedUntil: null,
    firingSince: null,
  };
}

/**
 * The state after `observation` at `now` (pure). `above`/`below`: ok or resolved -> pending
 * when the condition holds; pending -> firing once it has held for `forMs` (elapsed >= forMs,
 * checked on each sample and each tick) or back to ok when it stops; firing -> resolved when
 * it stops. `absent`: firing when no sample came for `forMs`, resolved by the next sample.
 */
export function nextAlertState(
  rule: AlertRule,
  state: AlertState,
  observation: AlertObservation,
  now: number,
): AlertState {
  if (rule.condition === 'absent') return nextAbsentState(rule, state, observation, now);
  let next = state;
  if (observation.kind === 'sample') {
    next = { ...state, value: observation.value };
    const holds = conditionHolds(rule, observation.value);
    if (holds && (state.status === 'ok' || state.status === 'resolved')) {
      next = enter(next, 'pending', now);
    } else if (!holds && state.status === 'pending') {
      next = enter(next, 'ok', now);
    } else if (!holds && state.status === 'firing') {
      next = enter(next, 'resolved', now);
    }
  }
  if (next.status === 'pending' && now - next.since >= rule.forMs) {
    next = { ...enter(next, 'firing', now), ackedBy: null, firingSince: now };
  }
  return next;
}

/** Whether `value` meets an `above`/`below` rule's condition (strictly past the threshold). */
export function conditionHolds(rule: AlertRule, value: number): boolean {
  const threshold = rule.threshold ?? 0;
  return rule.condition === 'above' ? value > threshold : value < threshold;
}

/**
 * The notification `state` calls for at `now`, or undefined: `firing` when the rule fires and
 * that was not said yet (and no firing was said in the last `minIntervalMs`); `resolved` when a
 * firing was said and the rule no longer fires. Nothing while silenced.
 */
export function notificationDue(
  state: AlertState,
  now: number,
  minIntervalMs = ALERT_NOTIFY_MIN_INTERVAL_MS,
): 'firing' | 'resolved' | undefined {
  if (state.silencedUntil !== null && now < state.silencedUntil) return undefined;
  if (state.status === 'firing') {
    if (state.notified === 'firing') return undefined;
    const quiet = state.notifiedAt === null || now - state.notifiedAt >= minIntervalMs;
    return quiet ? 'firing' : undefined;
  }
  return state.notified === 'firing' ? 'resolved' : undefined;
}

/** Whether two states differ in what is stored (the last value alone is not worth a write). */
export function stateChanged(a: AlertState, b: AlertState): boolean {
  return (
    a.status !== b.status ||
    a.since !== b.since ||
    a.notified !== b.notified ||
    a.notifiedAt !== b.notifiedAt ||
    a.ackedBy !== b.ackedBy ||
    a.silencedUntil !== b.silencedUntil ||
    a.firingSince !== b.firingSince
  );
}

function nextAbsentState(
  rule: AlertRule,
  state: AlertState,
  observation: AlertObservation,
  now: number,
): AlertState {
  if (observation.kind === 'sample') {
    const next = { ...state, value: observation.value };
    if (state.status === 'firing') return enter(next, 'resolved', now);
    return next;
  }
  const lastSeenAt = observation.lastSeenAt ?? state.since;
  if (state.status !== 'firing' && now - lastSeenAt >= rule.forMs) {
    return { ...enter(state, 'firing', now), value: null, ackedBy: null, firingSince: now };
  }
  return state;
}

function enter(state: AlertState, status: AlertStatus, now: number): AlertState {
  return { ...state, status, since: now };
}
