/**
 * What the PostgreSQL engine needs of a database connection, whatever the driver: node-postgres
 * in production (./pg-pool-connection.ts), PGlite in tests (./pglite-connection.ts).
 */

/** Rows of one statement and how many rows it returned or changed. */
export type QueryResult<R> = { rows: R[]; rowCount: number };

/** Runs one statement with `$1`-style parameters. */
export interface SqlRunner {
  query<R = Record<string, unknown>>(
    text: string,
    params?: readonly unknown[],
  ): Promise<QueryResult<R>>;
}

/**
 * How a transaction begins: `write` is READ COMMITTED (writes take advisory locks where order
 * matters); `snapshot` is REPEATABLE READ, READ ONLY: every statement sees one moment.
 */
export type TransactionMode = 'write' | 'snapshot';

/** The BEGIN statement of each mode. */
export const BEGIN_STATEMENT: Record<TransactionMode, string> = {
  write: 'BEGIN ISOLATION LEVEL READ COMMITTED',
  snapshot: 'BEGIN ISOLATION LEVEL REPEATABLE READ, READ ONLY',
};

/** A database the engine works on: statements, transactions, and closing it. */
export interface PgConnection extends SqlRunner {
  /**
   * Runs `work` in one transaction on one connection: committed when it resolves, rolled back
   * when it throws (the error is rethrown).
   */
  transaction<T>(mode: TransactionMode, work: (tx: SqlRunner) => Promise<T>): Promise<T>;
  /** Ends every connection. */
  close(): Promise<void>;
}
