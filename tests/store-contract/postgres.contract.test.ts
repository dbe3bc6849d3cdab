import { afterAll, beforeAll } from 'vitest';
import { openPostgresStores } from '@/lib/store/postgres/open-postgres-stores';
import { type PostgresCluster, startPostgresCluster } from '@/lib/testing/postgres-cluster';
import { describeEveryContract } from './all-contracts';
import type { ContractDatabase, OpenContractDatabase } from './harness';

/** Starting the throwaway cluster and migrating the template, at most, in milliseconds. */
const CLUSTER_START_TIMEOUT_MS = 120_000;
/** The migrated database every test's database is copied from. */
const TEMPLATE = 'pulseboard_template';

let cluster: PostgresCluster;
let databases = 0;
beforeAll(async () => {
  cluster = await startPostgresCluster();
  await cluster.sql(`CREATE DATABASE ${TEMPLATE}`);
  const engine = await openPostgresStores({ url: cluster.urlOf(TEMPLATE) });
  await engine.close();
}, CLUSTER_START_TIMEOUT_MS);
afterAll(() => cluster?.stop());

/**
 * Real PostgreSQL (Debian's, a throwaway cluster this file starts: lib/testing/postgres-cluster.ts).
 * Each test gets a database of its own, copied from a migrated template; `openAgain` opens a
 * second pool on it (as another instance would, migrations included); the first handle drops
 * the database.
 */
const openPostgres: OpenContractDatabase = async (options = {}) => {
  const name = `contract_${++databases}`;
  await cluster.sql(`CREATE DATABASE ${name} TEMPLATE ${TEMPLATE}`);
  // A copy of the template is another database: it gets its own epoch, as a new one would.
  await cluster.sql(
    "UPDATE database_epoch SET epoch = substr(replace(gen_random_uuid()::text, '-', ''), 1, 16)",
    name,
  );
  const handle = async (owner: boolean): Promise<ContractDatabase> => {
    const engine = await openPostgresStores({
      url: cluster.urlOf(name),
      seriesMax: options.seriesMax,
    });
    return {
      stores: engine,
      openAgain: () => handle(false),
      async dispose() {
        await engine.close();
        if (owner) await cluster.sql(`DROP DATABASE ${name} WITH (FORCE)`);
      },
    };
  };
  return handle(true);
};

describeEveryContract('postgres engine on PostgreSQL', openPostgres, {
  maxBytes: false,
  sharedByInstances: true,
});
