import { CLUSTER_P99_RATIO_GOAL, type ClusterBenchConfig } from './cluster-config';
import type { ClusterSide } from './cluster-scenario';
import { CHAT_RATE_PER_S } from './config';

/** What `npm run bench:cluster` ran and measured, for the report. */
export type ClusterRun = {
  date: string;
  command: string;
  machine: string;
  loadAverages: { start: number[]; end: number[] };
  durationS: number;
  config: ClusterBenchConfig;
  sqlite: ClusterSide;
  cluster: ClusterSide;
};

/** The Markdown report: both sides side by side, with cluster / SQLite ratios and the goal. */
export function renderClusterReport(run: ClusterRun): string {
  const { sqlite: one, cluster: many } = run;
  const p99Ratio = many.latencyMs.p99 / one.latencyMs.p99;
  const rows: Row[] = [
    ['commit-to-client p50 (ms)', one.latencyMs.p50, many.latencyMs.p50, 'ms'],
    ['commit-to-client p99 (ms)', one.latencyMs.p99, many.latencyMs.p99, 'ms'],
    ['commit-to-client max (ms)', one.latencyMs.max, many.latencyMs.max, 'ms'],
    ['commit to the last stream, p99 (ms)', one.lastStreamMs.p99, many.lastStreamMs.p99, 'ms'],
    [
      'Pulseboard CPU, all instances (% of one core)',
      one.serverCpuPercent,
      many.serverCpuPercent,
      '%',
    ],
    ['PostgreSQL CPU (% of one core)', one.databaseCpuPercent, many.databaseCpuPercent, '%'],
    ['ingest (samples/s acknowledged)', one.ingestSamplesPerS, many.ingestSamplesPerS, '/s'],
    ['streams opened', one.opened, many.opened, 'n'],
    [
      'markers missing + duplicated',
      one.missing + one.duplicates,
      many.missing + many.duplicates,
      'n',
    ],
    ['streams dropped', one.dropped, many.dropped, 'n'],
    ...chatRows(one, many),
  ];
  const lines = [
    `# bench:cluster ${run.date}`,
    '',
    `\`${run.command}\`: ${run.config.streams} SSE streams on one SQLite instance, then on ` +
      `${many.instances} instances over one PostgreSQL (streams spread over them, markers and ` +
      'background writes round robin over them), in one run. Machine: ' +
      `${run.machine}; load average ${fmtLoad(run.loadAverages.start)} at the start, ` +
      `${fmtLoad(run.loadAverages.end)} at the end; ${run.durationS.toFixed(0)} s.`,
    '',
    `| figure | ${one.label} | ${many.label} | ratio |`,
    '|---|--:|--:|--:|',
    ...rows.map(([name, a, b]) => `| ${name} | ${fmt(a)} | ${fmt(b)} | ${ratio(a, b)} |`),
    '',
    `Goal (issue 12): the cluster's commit-to-client p99 at most ${CLUSTER_P99_RATIO_GOAL}x the ` +
      `single SQLite instance's: ${Number.isFinite(p99Ratio) ? p99Ratio.toFixed(2) : 'n/a'}x, ` +
      `${p99Ratio <= CLUSTER_P99_RATIO_GOAL ? 'met' : 'NOT met'}.`,
    '',
    `Ingest phase: ${run.config.writers} writers (spread over the instances) sending batches of ` +
      `500 samples for ${run.config.ingestMs} ms, the streams closed. Failures: ` +
      `${one.ingestFailures} (SQLite), ${many.ingestFailures} (PostgreSQL).`,
  ];
  if (one.chat && many.chat)
    lines.push(
      '',
      `Chat phase: ${many.chat.clients} sockets (spread over the instances), ${CHAT_RATE_PER_S} messages per ` +
        `second for ${run.config.chatMs} ms from rotating senders (every instance in turn), ` +
        'each message to every other socket; latency from send to arrival.',
    );
  const warnings = [...one.warnings, ...many.warnings];
  if (warnings.length) lines.push('', '## Warnings', '', ...warnings.map((w) => `- ${w}`));
  return `${lines.join('\n')}\n`;
}

type Row = [string, number, number, 'ms' | '%' | '/s' | 'n'];

/** The chat phase's rows, when both sides ran it. */
function chatRows(one: ClusterSide, many: ClusterSide): Row[] {
  const [a, b] = [one.chat, many.chat];
  if (!a || !b) return [];
  return [
    ['chat send-to-receiver p50 (ms)', a.latencyMs.p50, b.latencyMs.p50, 'ms'],
    ['chat send-to-receiver p99 (ms)', a.latencyMs.p99, b.latencyMs.p99, 'ms'],
    ['chat send to the last socket, p99 (ms)', a.lastReceiverMs.p99, b.lastReceiverMs.p99, 'ms'],
    ['chat ack p99 (ms)', a.ackMs.p99, b.ackMs.p99, 'ms'],
    ['chat sockets opened', a.opened, b.opened, 'n'],
    ['chat lost + duplicated', a.lost + a.duplicates, b.lost + b.duplicates, 'n'],
  ];
}

function fmt(n: number): string {
  if (!Number.isFinite(n)) return 'n/a';
  return Math.abs(n) >= 100 ? n.toFixed(0) : n.toFixed(1);
}

function ratio(a: number, b: number): string {
  return Number.isFinite(a) && Number.isFinite(b) && a !== 0 ? `${(b / a).toFixed(2)}x` : '';
}

function fmtLoad(loads: number[]): string {
  return loads.map((l) => l.toFixed(2)).join(' / ') || 'n/a';
}
