import { getTableName, is } from 'drizzle-orm';
import { PgTable } from 'drizzle-orm/pg-core';
import { afterAll, beforeAll } from 'vitest';
import * as pgSchema from '@/db/pg/schema';
import { postgresStoresOn } from '@/lib/store/postgres/open-postgres-stores';
import type { PgConnection } from '@/lib/store/postgres/pg-connection';
import { migratePostgres } from '@/lib/store/postgres/pg-migrate';
import { openPgliteConnection } from '@/lib/store/postgres/pglite-connection';
import { describeEveryContract } from './all-contracts';
import type { ContractDatabase, OpenContractDatabase } from './harness';

/** PGlite starts in seconds on a loaded machine: once per file, emptied for every test. */
const PGLITE_START_TIMEOUT_MS = 120_000;
/**
 * Every table of db/pg/schema.ts but `samples_seq`, which is reset to 0, and `database_epoch`,
 * which gets a new epoch (each test's database is a new one).
 */
const TABLES = Object.values(pgSchema)
  .filter((value) => is(value, PgTable))
  .map((table) => getTableName(table))
  .filter((name) => name !== 'samples_seq' && name !== 'database_epoch')
  .join(', ');

let pglite: PgConnection & { pglite: unknown };
beforeAll(async () => {
  pglite = await openPgliteConnection();
  await migratePostgres(pglite);
}, PGLITE_START_TIMEOUT_MS);
afterAll(() => pglite?.close());

/**
 * PGlite (PostgreSQL in WASM, one connection in this process): fast, but it cannot prove
 * anything about locks or ordering across connections; tests/store-contract/postgres.contract
 * .test.ts does, on a real server. Every handle shares the one connection; the database is
 * emptied (TRUNCATE ... RESTART IDENTITY) when a test opens it.
 */
const openPglite: OpenContractDatabase = async (options = {}) => {
  await pglite.query(`TRUNCATE ${TABLES} RESTART IDENTITY CASCADE`);
  await pglite.query('UPDATE samples_seq SET seq = 0 WHERE id = 1');
  await pglite.query(
    "UPDATE database_epoch SET epoch = substr(replace(gen_random_uuid()::text, '-', ''), 1, 16)",
  );
  const handle = (): ContractDatabase => {
    // The connection outlives the handles: closing the stores must not close it.
    const shared: PgConnection = { ...pglite, close: async () => {} };
    const engine = postgresStoresOn(shared, { seriesMax: options.seriesMax });
    return { stores: engine, openAgain: async () => handle(), dispose: () => engine.close() };
  };
  return handle();
};

describeEveryContract('postgres engine on PGlite', openPglite, {
  maxBytes: false,
  sharedByInstances: true,
});
