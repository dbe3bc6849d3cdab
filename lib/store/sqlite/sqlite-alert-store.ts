import { and, asc, desc, eq, gte, isNull, lte, or } from 'drizzle-orm';
import {
  type AlertRuleRow,
  type AlertStateRow,
  alertRules,
  alertStates,
  annotations,
} from '@/db/schema';
import type { AlertRule, AlertRuleInput, Annotation } from '@/lib/protocol';
import { alertRuleOf, alertStateOf, ruleColumnsOf } from '@/lib/store/alert-rows';
import {
  type AlertState,
  type AlertStore,
  type AnnotationInput,
  type AnnotationQuery,
  alertRuleNotFound,
} from '@/lib/store/alert-store';
import { StoreStatus } from '@/lib/store/store-status';
import type { Db } from './open-database';
import { sqliteFailureOf } from './sqlite-errors';

/** The columns of an {@link Annotation}, as every read selects them. */
const ANNOTATION_COLUMNS = {
  id: annotations.id,
  ts: annotations.ts,
  text: annotations.text,
  board: annotations.board,
};

/**
 * The SQLite engine of {@link AlertStore}. A state write is the version check and the write in
 * one IMMEDIATE transaction (one process writes SQLite, but the check keeps the contract).
 */
export class SqliteAlertStore implements AlertStore {
  readonly #db: Db;
  readonly #status: StoreStatus;

  constructor(db: Db, status: StoreStatus = new StoreStatus(sqliteFailureOf)) {
    this.#db = db;
    this.#status = status;
  }

  async listRules(): Promise<AlertRule[]> {
    const rows: AlertRuleRow[] = this.#db
      .select()
      .from(alertRules)
      .orderBy(asc(alertRules.id))
      .all();
    return rows.map(alertRuleOf);
  }

  async createRule(input: AlertRuleInput): Promise<AlertRule> {
    const row = await this.#status.write('the alert rule was not created', async () =>
      this.#db
        .insert(alertRules)
        .values({ ...ruleColumnsOf(input), createdAt: Date.now() })
        .returning()
        .get(),
    );
    return alertRuleOf(row);
  }

  async updateRule(id: number, input: AlertRuleInput): Promise<AlertRule> {
    const run = this.#db.$client.transaction(() => {
      const changed = this.#db
        .update(alertRules)
        .set(ruleColumnsOf(input))
        .where(eq(alertRules.id, id))
        .run();
      if (changed.changes === 0) throw alertRuleNotFound(id);
      this.#db.delete(alertStates).where(eq(alertStates.ruleId, id)).run();
    });
    await this.#status.write('the alert rule was not saved', async () => run.immediate());
    return { ...input, id };
  }

  async deleteRule(id: number): Promise<void> {
    const run = this.#db.$client.transaction(() => {
      const deleted = this.#db.delete(alertRules).where(eq(alertRules.id, id)).run();
      if (deleted.changes === 0) throw alertRuleNotFound(id);
      this.#db.delete(alertStates).where(eq(alertStates.ruleId, id)).run();
    });
    await this.#status.write('the alert rule was not deleted', async () => run.immediate());
  }

  async listStates(): Promise<AlertState[]> {
    const rows: AlertStateRow[] = this.#db
      .select()
      .from(alertStates)
      .orderBy(asc(alertStates.ruleId))
      .all();
    return rows.map(alertStateOf);
  }

  async putState(state: AlertState, baseVersion: number): Promise<AlertState | undefined> {
    const written = { ...state, version: baseVersion + 1 };
    const run = this.#db.$client.transaction((): AlertState | undefined => {
      const rule = this.#db
        .select({ id: alertRules.id })
        .from(alertRules)
        .where(eq(alertRules.id, state.ruleId))
        .get();
      if (!rule) return undefined;
      const stored = this.#db
        .select({ version: alertStates.version })
        .from(alertStates)
        .where(eq(alertStates.ruleId, state.ruleId))
        .get();
      if ((stored?.version ?? 0) !== baseVersion) return undefined;
      this.#db
        .insert(alertStates)
        .values(written)
        .onConflictDoUpdate({ target: alertStates.ruleId, set: written })
        .run();
      return written;
    });
    return this.#status.write('the alert state was not saved', async () => run.immediate());
  }

  async addAnnotation(input: AnnotationInput): Promise<Annotation> {
    const row = await this.#status.write('the annotation was not stored', async () =>
      this.#db
        .insert(annotations)
        .values({ ...input, createdAt: Date.now() })
        .returning()
        .get(),
    );
    return { id: row.id, ts: row.ts, text: row.text, board: row.board };
  }

  async getAnnotation(id: number): Promise<Annotation | undefined> {
    const row = this.#db
      .select(ANNOTATION_COLUMNS)
      .from(annotations)
      .where(eq(annotations.id, id))
      .get();
    return row && { ...row };
  }

  async listAnnotations(query: AnnotationQuery, limit: number): Promise<Annotation[]> {
    const inRange = and(gte(annotations.ts, query.from), lte(annotations.ts, query.to));
    const where =
      query.board === undefined
        ? inRange
        : and(inRange, or(isNull(annotations.board), eq(annotations.board, query.board)));
    const rows = this.#db
      .select(ANNOTATION_COLUMNS)
      .from(annotations)
      .where(where)
      .orderBy(desc(annotations.ts), desc(annotations.id))
      .limit(limit)
      .all();
    return rows.reverse();
  }
}
