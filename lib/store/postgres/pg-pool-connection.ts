import pg from 'pg';
import { errorFields, log } from '@/lib/logger';
import {
  BEGIN_STATEMENT,
  type PgConnection,
  type SqlRunner,
  type TransactionMode,
} from './pg-connection';

/** Most connections one instance opens to PostgreSQL (node-postgres pool `max`). */
export const PG_POOL_MAX = 10;
/** How long getting a connection may take before the operation fails, in milliseconds. */
export const PG_CONNECT_TIMEOUT_MS = 5_000;
/** An idle pooled connection is closed after this long, in milliseconds. */
export const PG_IDLE_TIMEOUT_MS = 30_000;
/** `int8` (bigint, COUNT(*)) in PostgreSQL's type ids. */
const INT8_OID = 20;

/**
 * Values the engine reads as bigint (ms timestamps, seqs, counts) as JS numbers: every one is
 * below 2^53. Given to the pool only, so no other user of `pg` in the process is changed.
 */
const types = {
  getTypeParser(oid: number, format?: 'text' | 'binary') {
    if (oid === INT8_OID) return (value: string) => Number(value);
    return pg.types.getTypeParser(oid, format);
  },
} as pg.CustomTypesConfig;

/** Options of {@link openPoolConnection}. */
export type PoolOptions = {
  /** `postgres://user:password@host:port/db` (DATABASE_URL). */
  url: string;
  /** Connections at most (PG_POOL_MAX when absent). */
  max?: number;
  /** `application_name`, shown in pg_stat_activity (the instance id). */
  applicationName?: string;
};

/** A node-postgres pool as a {@link PgConnection}. */
export function openPoolConnection(options: PoolOptions): PgConnection {
  const pool = new pg.Pool({
    connectionString: options.url,
    max: options.max ?? PG_POOL_MAX,
    connectionTimeoutMillis: PG_CONNECT_TIMEOUT_MS,
    idleTimeoutMillis: PG_IDLE_TIMEOUT_MS,
    application_name: options.applicationName ?? 'pulseboard',
    types,
  });
  // An idle connection that breaks (server restart) emits here; unhandled it would end the
  // process. The next query gets a fresh connection.
  pool.on('error', (error) => log.warn('postgres idle connection failed', errorFields(error)));
  return {
    query: async (text, params) => normalise(await pool.query(text, params as unknown[])),
    async transaction(mode: TransactionMode, work) {
      const client = await pool.connect();
      let broken: Error | undefined;
      try {
        await client.query(BEGIN_STATEMENT[mode]);
        const result = await work(runnerOf(client));
        await client.query('COMMIT');
        return result;
      } catch (error) {
        try {
          await client.query('ROLLBACK');
        } catch (rollbackError) {
          broken = rollbackError as Error;
        }
        throw error;
      } finally {
        // A connection whose ROLLBACK failed is destroyed, never handed out again.
        client.release(broken);
      }
    },
    close: () => pool.end(),
  };
}

function runnerOf(client: pg.PoolClient): SqlRunner {
  return {
    query: async (text, params) => normalise(await client.query(text, params as unknown[])),
  };
}

function normalise<R>(result: pg.QueryResult): { rows: R[]; rowCount: number } {
  return { rows: result.rows as R[], rowCount: result.rowCount ?? 0 };
}
