/**
 * `node --import tsx scripts/measure-pg-append.ts [writers] [seconds]`: append throughput of
 * the PostgreSQL engine on a throwaway cluster (lib/testing/postgres-cluster.ts): `writers`
 * handles (a pool each, as instances) append batches of BATCH_ROWS samples for `seconds`, then
 * it prints transactions and rows per second, and checks that the seqs are 1..N with no gap.
 */
import { openPostgresStores } from '@/lib/store/postgres/open-postgres-stores';
import { startPostgresCluster } from '@/lib/testing/postgres-cluster';

/** Samples per append (one transaction). */
const BATCH_ROWS = 100;
/** Writers when not given. */
const WRITERS_DEFAULT = 8;
/** How long the writers write when not given, in seconds. */
const DURATION_DEFAULT_S = 10;
/** Series the samples are spread over. */
const SERIES = 20;

const writers = Number(process.argv[2] ?? WRITERS_DEFAULT);
const seconds = Number(process.argv[3] ?? DURATION_DEFAULT_S);
const cluster = await startPostgresCluster();
try {
  await cluster.sql('CREATE DATABASE measure');
  const url = cluster.urlOf('measure');
  const handles = [await openPostgresStores({ url })];
  for (let i = 1; i < writers; i++) handles.push(await openPostgresStores({ url }));
  const until = Date.now() + seconds * 1000;
  let transactions = 0;
  const started = performance.now();
  await Promise.all(
    handles.map(async (handle, w) => {
      while (Date.now() < until) {
        const batch = Array.from({ length: BATCH_ROWS }, (_, j) => ({
          series: `w${w}.s${j % SERIES}`,
          value: j,
          ts: Date.now(),
        }));
        await handle.metrics.append(batch);
        transactions++;
      }
    }),
  );
  const elapsedS = (performance.now() - started) / 1000;
  const last = await handles[0]?.metrics.lastSeq();
  const rows = await cluster.sql("SELECT COUNT(*) || ':' || MAX(seq) FROM samples", 'measure');
  console.log(
    JSON.stringify({
      writers,
      batchRows: BATCH_ROWS,
      seconds: Number(elapsedS.toFixed(1)),
      transactions,
      txPerS: Math.round(transactions / elapsedS),
      rowsPerS: Math.round((transactions * BATCH_ROWS) / elapsedS),
      lastSeq: last,
      countAndMaxSeq: rows,
      gapless: rows === `${last}:${last}`,
    }),
  );
  await Promise.all(handles.map((h) => h.close()));
} finally {
  await cluster.stop();
}
