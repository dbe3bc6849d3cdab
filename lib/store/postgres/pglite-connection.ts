import { PGlite, types } from '@electric-sql/pglite';
import {
  BEGIN_STATEMENT,
  type PgConnection,
  type QueryResult,
  type SqlRunner,
} from './pg-connection';

/**
 * PGlite (PostgreSQL compiled to WASM, in this process) as a {@link PgConnection}, for tests:
 * one connection, so every statement and transaction waits its turn in a queue. Nothing about
 * locks or ordering across connections can be proven on it (real PostgreSQL does that).
 */
export async function openPgliteConnection(): Promise<PgConnection & { pglite: PGlite }> {
  const pglite = await PGlite.create({
    parsers: { [types.INT8]: (value: string) => Number(value) },
  });
  let turn: Promise<unknown> = Promise.resolve();
  const queued = <T>(work: () => Promise<T>): Promise<T> => {
    const result = turn.then(work);
    turn = result.catch(() => {});
    return result;
  };
  const direct: SqlRunner = {
    async query<R>(text: string, params?: readonly unknown[]): Promise<QueryResult<R>> {
      const result = await pglite.query<R>(text, params as unknown[]);
      return { rows: result.rows, rowCount: result.affectedRows || result.rows.length };
    },
  };
  return {
    pglite,
    query: (text, params) => queued(() => direct.query(text, params)),
    transaction: (mode, work) =>
      queued(async () => {
        await pglite.query(BEGIN_STATEMENT[mode]);
        try {
          const result = await work(direct);
          await pglite.query('COMMIT');
          return result;
        } catch (error) {
          await pglite.query('ROLLBACK');
          throw error;
        }
      }),
    close: async () => {
      await turn;
      await pglite.close();
    },
  };
}
