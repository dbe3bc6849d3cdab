import type { AlertRule, AlertRuleInput, Annotation } from '@/lib/protocol';
import {
  type AlertState,
  type AlertStore,
  type AnnotationInput,
  type AnnotationQuery,
  alertRuleNotFound,
  newestAnnotations,
} from '@/lib/store/alert-store';

/** The rows of the memory engine's {@link AlertStore}, shared by every handle on one database. */
export class MemoryAlertRows {
  readonly rules = new Map<number, AlertRule>();
  readonly states = new Map<number, AlertState>();
  readonly annotations: Annotation[] = [];
  lastRuleId = 0;
  lastAnnotationId = 0;
}

/** {@link AlertStore} in memory. */
export class MemoryAlertStore implements AlertStore {
  readonly #rows: MemoryAlertRows;
  readonly #onAnnotation: ((id: number) => void) | undefined;

  /** `onAnnotation` hears each annotation's id once stored (a cluster hint, as NOTIFY `a:<id>`). */
  constructor(rows: MemoryAlertRows = new MemoryAlertRows(), onAnnotation?: (id: number) => void) {
    this.#rows = rows;
    this.#onAnnotation = onAnnotation;
  }

  async listRules(): Promise<AlertRule[]> {
    return [...this.#rows.rules.values()].sort((a, b) => a.id - b.id).map((r) => ({ ...r }));
  }

  async createRule(input: AlertRuleInput): Promise<AlertRule> {
    const rule = { ...input, id: ++this.#rows.lastRuleId };
    this.#rows.rules.set(rule.id, rule);
    return { ...rule };
  }

  async updateRule(id: number, input: AlertRuleInput): Promise<AlertRule> {
    if (!this.#rows.rules.has(id)) throw alertRuleNotFound(id);
    const rule = { ...input, id };
    this.#rows.rules.set(id, rule);
    this.#rows.states.delete(id);
    return { ...rule };
  }

  async deleteRule(id: number): Promise<void> {
    if (!this.#rows.rules.delete(id)) throw alertRuleNotFound(id);
    this.#rows.states.delete(id);
  }

  async listStates(): Promise<AlertState[]> {
    return [...this.#rows.states.values()]
      .sort((a, b) => a.ruleId - b.ruleId)
      .map((s) => ({ ...s }));
  }

  async putState(state: AlertState, baseVersion: number): Promise<AlertState | undefined> {
    if (!this.#rows.rules.has(state.ruleId)) return undefined;
    const stored = this.#rows.states.get(state.ruleId)?.version ?? 0;
    if (stored !== baseVersion) return undefined;
    const written = { ...state, version: baseVersion + 1 };
    this.#rows.states.set(state.ruleId, written);
    return { ...written };
  }

  async addAnnotation(input: AnnotationInput): Promise<Annotation> {
    const annotation = { ...input, id: ++this.#rows.lastAnnotationId };
    this.#rows.annotations.push(annotation);
    this.#onAnnotation?.(annotation.id);
    return { ...annotation };
  }

  async getAnnotation(id: number): Promise<Annotation | undefined> {
    const found = this.#rows.annotations.find((a) => a.id === id);
    return found && { ...found };
  }

  async listAnnotations(query: AnnotationQuery, limit: number): Promise<Annotation[]> {
    const found = this.#rows.annotations
      .filter((a) => a.ts >= query.from && a.ts <= query.to)
      .filter((a) => query.board === undefined || a.board === null || a.board === query.board)
      .sort((a, b) => a.ts - b.ts || a.id - b.id)
      .map((a) => ({ ...a }));
    return newestAnnotations(found, limit);
  }
}
