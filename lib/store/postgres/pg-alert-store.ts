import type { AlertRule, AlertRuleInput, Annotation } from '@/lib/protocol';
import { alertRuleOf, alertStateOf, ruleColumnsOf } from '@/lib/store/alert-rows';
import {
  type AlertState,
  type AlertStore,
  type AnnotationInput,
  type AnnotationQuery,
  alertRuleNotFound,
} from '@/lib/store/alert-store';
import type { StoreStatus } from '@/lib/store/store-status';
import { CHANGES_CHANNEL } from './pg-change-listener';
import { HINT_PREFIX } from './pg-cluster-hints';
import type { PgConnection } from './pg-connection';

const RULE_COLUMNS = 'id, series, condition, threshold, for_ms AS "forMs", severity, board, name';
const STATE_COLUMNS = `rule_id AS "ruleId", status, since, version, value, notified,
  notified_at AS "notifiedAt", acked_by AS "ackedBy", silenced_until AS "silencedUntil", firing_since AS "firingSince"`;

/**
 * The PostgreSQL engine of {@link AlertStore}. A state write is one conditional statement: the
 * first state an `INSERT ... ON CONFLICT DO NOTHING`, later ones `UPDATE ... WHERE version = $n`;
 * of N instances writing one transition from one version, exactly one changes a row.
 */
export class PgAlertStore implements AlertStore {
  readonly #db: PgConnection;
  readonly #status: StoreStatus;

  constructor(db: PgConnection, status: StoreStatus) {
    this.#db = db;
    this.#status = status;
  }

  async listRules(): Promise<AlertRule[]> {
    const { rows } = await this.#db.query<Parameters<typeof alertRuleOf>[0]>(
      `SELECT ${RULE_COLUMNS} FROM alert_rules ORDER BY id`,
    );
    return rows.map(alertRuleOf);
  }

  async createRule(input: AlertRuleInput): Promise<AlertRule> {
    const c = ruleColumnsOf(input);
    const { rows } = await this.#status.write('the alert rule was not created', () =>
      this.#db.query<{ id: string | number }>(
        `INSERT INTO alert_rules (series, condition, threshold, for_ms, severity, board, name, created_at)
         VALUES ($1, $2, $3, $4, $5, $6, $7, $8) RETURNING id`,
        [c.series, c.condition, c.threshold, c.forMs, c.severity, c.board, c.name, Date.now()],
      ),
    );
    return alertRuleOf({ ...c, id: Number(rows[0]?.id) });
  }

  async updateRule(id: number, input: AlertRuleInput): Promise<AlertRule> {
    const c = ruleColumnsOf(input);
    const changed = await this.#status.write('the alert rule was not saved', () =>
      this.#db.transaction('write', async (tx) => {
        const updated = await tx.query(
          `UPDATE alert_rules SET series = $2, condition = $3, threshold = $4, for_ms = $5,
           severity = $6, board = $7, name = $8 WHERE id = $1`,
          [id, c.series, c.condition, c.threshold, c.forMs, c.severity, c.board, c.name],
        );
        await tx.query('DELETE FROM alert_states WHERE rule_id = $1', [id]);
        return updated.rowCount;
      }),
    );
    if (changed !== 1) throw alertRuleNotFound(id);
    return { ...input, id };
  }

  async deleteRule(id: number): Promise<void> {
    const deleted = await this.#status.write('the alert rule was not deleted', () =>
      this.#db.transaction('write', async (tx) => {
        const gone = await tx.query('DELETE FROM alert_rules WHERE id = $1', [id]);
        await tx.query('DELETE FROM alert_states WHERE rule_id = $1', [id]);
        return gone.rowCount;
      }),
    );
    if (deleted !== 1) throw alertRuleNotFound(id);
  }

  async listStates(): Promise<AlertState[]> {
    const { rows } = await this.#db.query<Parameters<typeof alertStateOf>[0]>(
      `SELECT ${STATE_COLUMNS} FROM alert_states ORDER BY rule_id`,
    );
    return rows.map(alertStateOf);
  }

  async putState(state: AlertState, baseVersion: number): Promise<AlertState | undefined> {
    const written = { ...state, version: baseVersion + 1 };
    const values = [
      state.ruleId,
      state.status,
      state.since,
      written.version,
      state.value,
      state.notified,
      state.notifiedAt,
      state.ackedBy,
      state.silencedUntil,
      state.firingSince,
    ];
    const changed = await this.#status.write('the alert state was not saved', () =>
      baseVersion === 0
        ? this.#db.query(
            `INSERT INTO alert_states (rule_id, status, since, version, value, notified, notified_at,
             acked_by, silenced_until, firing_since)
             SELECT $1, $2, $3, $4, $5, $6, $7, $8, $9, $10 WHERE EXISTS (SELECT 1 FROM alert_rules WHERE id = $1)
             ON CONFLICT (rule_id) DO NOTHING`,
            values,
          )
        : this.#db.query(
            `UPDATE alert_states SET status = $2, since = $3, version = $4, value = $5, notified = $6,
             notified_at = $7, acked_by = $8, silenced_until = $9, firing_since = $10
             WHERE rule_id = $1 AND version = $11`,
            [...values, baseVersion],
          ),
    );
    return changed.rowCount === 1 ? written : undefined;
  }

  async addAnnotation(input: AnnotationInput): Promise<Annotation> {
    const { rows } = await this.#status.write('the annotation was not stored', () =>
      // The hint `a:<id>` is delivered at the commit: the other instances read it then.
      this.#db.query<{ id: string | number }>(
        `WITH added AS (
           INSERT INTO annotations (ts, text, board, created_at) VALUES ($1, $2, $3, $4) RETURNING id
         )
         SELECT id, pg_notify($5, $6 || id) FROM added`,
        [input.ts, input.text, input.board, Date.now(), CHANGES_CHANNEL, HINT_PREFIX.annotation],
      ),
    );
    return { id: Number(rows[0]?.id), ...input };
  }

  async getAnnotation(id: number): Promise<Annotation | undefined> {
    const { rows } = await this.#db.query<AnnotationRow>(
      'SELECT id, ts, text, board FROM annotations WHERE id = $1',
      [id],
    );
    return rows.map(annotationOf)[0];
  }

  async listAnnotations(query: AnnotationQuery, limit: number): Promise<Annotation[]> {
    const byBoard = query.board === undefined ? '' : 'AND (board IS NULL OR board = $4)';
    const params: unknown[] = [query.from, query.to, limit];
    if (query.board !== undefined) params.push(query.board);
    const { rows } = await this.#db.query<AnnotationRow>(
      `SELECT id, ts, text, board FROM annotations WHERE ts >= $1 AND ts <= $2 ${byBoard}
       ORDER BY ts DESC, id DESC LIMIT $3`,
      params,
    );
    return rows.map(annotationOf).reverse();
  }
}

/** An annotation as the driver reads it (bigint columns as text). */
type AnnotationRow = { id: string; ts: string; text: string; board: string | null };

function annotationOf(r: AnnotationRow): Annotation {
  return { id: Number(r.id), ts: Number(r.ts), text: r.text, board: r.board };
}
