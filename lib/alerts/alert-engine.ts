import { errorFields, log } from '@/lib/logger';
import type { AlertRule, AlertView } from '@/lib/protocol';
import type { AlertState, AlertStore } from '@/lib/store/alert-store';
import {
  ALERT_NOTIFY_MIN_INTERVAL_MS,
  type AlertObservation,
  initialAlertState,
  nextAlertState,
  notificationDue,
  stateChanged,
} from './alert-lifecycle';

/** Period of the timer that evaluates `absent` rules and pending rules, in milliseconds (default 1 s). */
export const ALERT_TICK_INTERVAL_MS = 1000;

/**
 * How far back the engine looks for an `absent` rule's last stored sample, in milliseconds
 * (7 days), when it has seen none of that series since it started: a series silent longer is
 * counted from the start (or from when its rule was created).
 */
export const ALERT_ABSENT_LOOKBACK_MS = 7 * 24 * 60 * 60 * 1000;

/** When each of `series` last had a stored sample (ms), as far back as `sinceMs`; a series with none is left out. */
export type LastSampleRead = (
  series: readonly string[],
  sinceMs: number,
) => Promise<Map<string, number>>;

/** A transition worth telling: the rule, its state as stored, and which notification. */
export type AlertTransition = {
  kind: 'firing' | 'resolved';
  rule: AlertRule;
  state: AlertState;
  /** When it was decided (engine clock), in Unix milliseconds. */
  at: number;
};

/** Where transitions go (chat, webhooks, annotations: ./alert-notifier.ts). */
export type AlertNotify = (transition: AlertTransition) => void | Promise<void>;

/** A committed sample, as the stream hub hands it over (lib/stream's `onRows`). */
export type AlertSample = { series: string; value: number };

export type AlertEngineOptions = {
  store: AlertStore;
  notify: AlertNotify;
  /** The clock, in Unix milliseconds (tests pass a fake one). Default Date.now. */
  clock?: () => number;
  /** Default ALERT_NOTIFY_MIN_INTERVAL_MS. */
  minNotifyIntervalMs?: number;
  /** Default ALERT_TICK_INTERVAL_MS; 0: no timer (tests call `tick()`). */
  tickIntervalMs?: number;
  /**
   * Reads the last stored sample of series this process has not seen (after a restart, or for
   * a new rule), so `absent` counts from it; without it, from the start.
   */
  lastSampleAt?: LastSampleRead;
};

/**
 * Evaluates every rule on each committed sample of its series and on a timer, and stores each
 * change of state by compare-and-set on the state's version (AlertStore.putState): with N
 * instances on one PostgreSQL database, each evaluates, exactly one write of a transition wins,
 * and only the winner notifies; a loser reads the states again. A restart reads the stored
 * states: a firing already told is not told again, and one not yet resolved still resolves.
 * Work is done one step at a time, in order (a promise chain).
 */
export class AlertEngine {
  readonly #store: AlertStore;
  readonly #notify: AlertNotify;
  readonly #clock: () => number;
  readonly #minIntervalMs: number;
  readonly #tickMs: number;
  #rules: AlertRule[] = [];
  /** The rules by series: a sample costs one lookup, not a pass over every rule. */
  #bySeries = new Map<string, AlertRule[]>();
  readonly #states = new Map<number, AlertState>();
  /** When each series last had a sample (engine clock, or a stored sample's time). */
  readonly #lastSeen = new Map<string, number>();
  readonly #lastSampleAt: LastSampleRead | undefined;
  /** Series whose last stored sample was looked for (once each). */
  readonly #lookedUp = new Set<string>();
  #startedAt = 0;
  #chain: Promise<void> = Promise.resolve();
  #timer: NodeJS.Timeout | undefined;

  constructor(options: AlertEngineOptions) {
    this.#store = options.store;
    this.#notify = options.notify;
    this.#clock = options.clock ?? Date.now;
    this.#minIntervalMs = options.minNotifyIntervalMs ?? ALERT_NOTIFY_MIN_INTERVAL_MS;
    this.#tickMs = options.tickIntervalMs ?? ALERT_TICK_INTERVAL_MS;
    this.#lastSampleAt = options.lastSampleAt;
  }

  /** Reads the rules and states, then starts the timer. */
  async start(): Promise<void> {
    this.#startedAt = this.#clock();
    await this.reload();
    if (this.#tickMs > 0 && !this.#timer) {
      this.#timer = setInterval(() => void this.tick(), this.#tickMs);
      this.#timer.unref();
    }
  }

  /** Stops the timer and waits for the work in progress. */
  async stop(): Promise<void> {
    clearInterval(this.#timer);
    this.#timer = undefined;
    await this.#chain;
  }

  /** Reads the rules and the states again (after a rule changed, here or on another instance). */
  reload(): Promise<void> {
    return this.#run(async () => {
      this.#setRules(await this.#store.listRules());
      await this.#readStates();
      await this.#lookUpLastSamples();
    });
  }

  /** Evaluates the rules of the series these samples belong to (in order). */
  onSamples(samples: readonly AlertSample[]): Promise<void> {
    if (samples.length === 0) return this.#chain;
    const now = this.#clock();
    for (const s of samples) this.#lastSeen.set(s.series, now);
    return this.#run(async () => {
      for (const sample of samples) {
        for (const rule of this.#bySeries.get(sample.series) ?? []) {
          await this.#evaluate(rule, { kind: 'sample', value: sample.value }, now);
        }
      }
    });
  }

  /** Evaluates every rule as time passes (`absent`, pending ones, held-back notifications). */
  tick(): Promise<void> {
    return this.#run(async () => {
      this.#setRules(await this.#store.listRules());
      await this.#readStates();
      await this.#lookUpLastSamples();
      const now = this.#clock();
      for (const rule of this.#rules) {
        const seen = this.#lastSeen.get(rule.series);
        const fallback = Math.max(this.#startedAt, this.#states.get(rule.id)?.since ?? now);
        await this.#evaluate(rule, { kind: 'tick', lastSeenAt: seen ?? fallback }, now);
      }
    });
  }

  /** Every rule with its state, firing first, then by id. */
  views(): AlertView[] {
    const order = { firing: 0, pending: 1, resolved: 2, ok: 3 } as const;
    return this.#rules
      .map((rule) => {
        const s = this.#states.get(rule.id) ?? initialAlertState(rule.id, this.#startedAt);
        return {
          rule,
          status: s.status,
          since: s.since,
          value: s.value,
          ackedBy: s.ackedBy,
          silencedUntil: s.silencedUntil,
        };
      })
      .sort((a, b) => order[a.status] - order[b.status] || a.rule.id - b.rule.id);
  }

  /** Marks rule `id`'s current firing acknowledged by `name`; false when it does not fire. */
  acknowledge(id: number, name: string): Promise<boolean> {
    return this.#change(id, (s) => (s.status === 'firing' ? { ...s, ackedBy: name } : undefined));
  }

  /** No notification of rule `id` before `until` (ms); false when there is no such rule. */
  silence(id: number, until: number): Promise<boolean> {
    return this.#change(id, (s) => ({ ...s, silencedUntil: until }));
  }

  #change(id: number, edit: (s: AlertState) => AlertState | undefined): Promise<boolean> {
    let done = false;
    const work = this.#run(async () => {
      const rule = this.#rules.find((r) => r.id === id);
      if (!rule) return;
      const base = this.#states.get(id) ?? initialAlertState(id, this.#clock());
      const next = edit(base);
      if (!next) return;
      done = (await this.#write(rule, base, next, undefined, this.#clock())) !== undefined;
    });
    return work.then(() => done);
  }

  async #evaluate(rule: AlertRule, observation: AlertObservation, now: number): Promise<void> {
    const base = this.#states.get(rule.id) ?? initialAlertState(rule.id, now);
    const next = nextAlertState(rule, base, observation, now);
    const due = notificationDue(next, now, this.#minIntervalMs);
    // notifiedAt is the last *firing* told: the minimum interval is between firings.
    const told = due
      ? { ...next, notified: due, notifiedAt: due === 'firing' ? now : next.notifiedAt }
      : next;
    if (!stateChanged(base, told)) {
      this.#states.set(rule.id, told); // the last value, kept in memory only
      return;
    }
    await this.#write(rule, base, told, due, now);
  }

  async #write(
    rule: AlertRule,
    base: AlertState,
    next: AlertState,
    due: 'firing' | 'resolved' | undefined,
    now: number,
  ): Promise<AlertState | undefined> {
    const written = await this.#store.putState(next, base.version);
    if (!written) {
      await this.#readStates(); // another instance wrote it first: it notifies, not us
      return undefined;
    }
    this.#states.set(rule.id, written);
    if (due) await this.#notify({ kind: due, rule, state: written, at: now });
    return written;
  }

  #setRules(rules: AlertRule[]): void {
    this.#rules = rules;
    this.#bySeries = new Map();
    for (const rule of rules) {
      const list = this.#bySeries.get(rule.series);
      if (list) list.push(rule);
      else this.#bySeries.set(rule.series, [rule]);
    }
  }

  /** Reads the last stored sample of each `absent` rule's series not seen nor looked for yet. */
  async #lookUpLastSamples(): Promise<void> {
    if (!this.#lastSampleAt) return;
    const series = new Set<string>();
    for (const rule of this.#rules) {
      if (rule.condition !== 'absent') continue;
      if (this.#lastSeen.has(rule.series) || this.#lookedUp.has(rule.series)) continue;
      series.add(rule.series);
    }
    if (series.size === 0) return;
    const now = this.#clock();
    const found = await this.#lastSampleAt([...series], now - ALERT_ABSENT_LOOKBACK_MS);
    for (const name of series) {
      this.#lookedUp.add(name);
      const at = found.get(name);
      // A sample seen meanwhile is newer; a stored time in the future counts as now.
      if (at !== undefined && !this.#lastSeen.has(name))
        this.#lastSeen.set(name, Math.min(at, now));
    }
  }

  async #readStates(): Promise<void> {
    const stored = await this.#store.listStates();
    const read = new Map<number, AlertState>();
    for (const s of stored) {
      read.set(s.ruleId, { ...s, value: this.#states.get(s.ruleId)?.value ?? s.value });
    }
    // A state never stored (ok since this engine first saw its rule) is kept: its `since` is
    // where `absent` counts from, and its last value is shown. One stored once and gone (the
    // rule was changed) is forgotten.
    for (const [id, s] of this.#states) if (s.version === 0 && !read.has(id)) read.set(id, s);
    this.#states.clear();
    for (const [id, s] of read) this.#states.set(id, s);
  }

  #run(work: () => Promise<void>): Promise<void> {
    const next = this.#chain.then(work).catch((error: unknown) => {
      log.warn('alert evaluation failed', errorFields(error));
    });
    this.#chain = next;
    return next;
  }
}
