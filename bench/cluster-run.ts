/**
 * `npm run bench:cluster`: one Pulseboard instance on SQLite against N instances over one
 * PostgreSQL (a throwaway cluster, lib/testing/postgres-cluster.ts) in one run: SSE streams
 * spread over the instances, markers and background writes round robin over them, then an
 * ingest phase, then a chat phase (sockets spread over the instances, each message to every other
 * socket). Writes the report to stdout and bench/results/<date>-cluster.md. See
 * bench/README.md.
 */
import { existsSync, mkdirSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { startPostgresCluster } from '@/lib/testing/postgres-cluster';
import { runBench } from './child-registry';
import { wallNow } from './clock';
import { measureChatSide } from './cluster-chat';
import {
  CLUSTER_BENCH_STREAMS_DEFAULT,
  type ClusterBenchConfig,
  readClusterConfig,
} from './cluster-config';
import { renderClusterReport } from './cluster-report';
import { type ClusterSide, measureSide } from './cluster-scenario';
import { closeIngestAgent } from './ingest-client';
import { postgresPids } from './pg-processes';
import { loadAverages } from './proc-stats';
import { PROJECT_ROOT, type RunningServer, startServer } from './server-process';
import { pulseboardSpec, resolveServerMode } from './server-specs';

/** The whole run is aborted (children killed) after this long, in milliseconds. */
export const CLUSTER_RUN_TIMEOUT_MS = 20 * 60_000;

await runBench('bench:cluster', CLUSTER_RUN_TIMEOUT_MS, () => main(), closeIngestAgent);

async function main(): Promise<void> {
  if (!existsSync(path.join(PROJECT_ROOT, '.next', 'BUILD_ID'))) {
    throw new Error('No production build in .next: run `npm run bench:cluster` (it builds first)');
  }
  const config = readClusterConfig();
  const spec = pulseboardSpec(resolveServerMode());
  const startedAt = wallNow();
  const start = loadAverages();

  const single = await startServer({ ...spec, label: 'SQLite, 1 instance' });
  const sqlite = await measureBoth(single.label, [single], () => [], config).finally(() =>
    single.stop(),
  );

  const pg = await startPostgresCluster();
  const servers: RunningServer[] = [];
  try {
    await pg.sql('CREATE DATABASE bench');
    const label = `PostgreSQL, ${config.instances} instances`;
    for (let i = 0; i < config.instances; i++) {
      const env = { ...spec.env, DATABASE_URL: pg.urlOf('bench'), INSTANCE_ID: `bench-${i + 1}` };
      servers.push(await startServer({ ...spec, label, env }));
    }
    const checkpointer = Number(
      await pg.sql("SELECT pid FROM pg_stat_activity WHERE backend_type = 'checkpointer'"),
    );
    const cluster = await measureBoth(label, servers, () => postgresPids(checkpointer), config);
    const report = renderClusterReport({
      date: new Date().toISOString().slice(0, 10),
      command: `${describeKnobs()} npm run bench:cluster`.trim(),
      machine: `${os.cpus().length} cores (${os.cpus()[0]?.model.trim()}), Node ${process.version}`,
      loadAverages: { start, end: loadAverages() },
      durationS: (wallNow() - startedAt) / 1000,
      config,
      sqlite,
      cluster,
    });
    const dir = path.join(PROJECT_ROOT, 'bench', 'results');
    mkdirSync(dir, { recursive: true });
    // A smaller run (a smoke test) must not overwrite the day's real results; git ignores it.
    const quick = config.streams < CLUSTER_BENCH_STREAMS_DEFAULT ? '-quick' : '';
    const file = path.join(dir, `${new Date().toISOString().slice(0, 10)}-cluster${quick}.md`);
    writeFileSync(file, report);
    process.stdout.write(`${report}\nWritten to ${path.relative(PROJECT_ROOT, file)}\n`);
  } finally {
    await Promise.all(servers.map((s) => s.stop()));
    await pg.stop();
  }
}

/** One side's streams and ingest (measureSide), then its chat phase unless it is turned off. */
async function measureBoth(
  label: string,
  servers: readonly RunningServer[],
  databasePids: () => number[],
  config: ClusterBenchConfig,
): Promise<ClusterSide> {
  const side = await measureSide(label, servers, databasePids, config);
  if (config.chatClients === 0) return side;
  const chat = await measureChatSide(label, servers, config);
  return { ...side, chat, warnings: [...side.warnings, ...chat.warnings] };
}

function describeKnobs(): string {
  return [
    'CLUSTER_BENCH_STREAMS',
    'CLUSTER_BENCH_INSTANCES',
    'CLUSTER_BENCH_INGEST_MS',
    'CLUSTER_BENCH_WRITERS',
    'CLUSTER_BENCH_CHAT_CLIENTS',
    'CLUSTER_BENCH_CHAT_MS',
  ]
    .filter((name) => process.env[name])
    .map((name) => `${name}=${process.env[name]}`)
    .join(' ');
}
