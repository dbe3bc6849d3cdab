import type { BurstResult } from './burst-scenario';
import type { ChatResult } from './chat-scenario';
import {
  BURST_POSTS,
  BURST_SAMPLES,
  BURST_STREAMS,
  CHAT_RATE_PER_S,
  MARKER_COUNT,
  MARKER_INTERVAL_MS,
} from './config';
import { KIB_PER_MIB } from './connection-memory';
import { ingestSection } from './ingest-report';
import type { IngestResult } from './ingest-scenario';
import { BURST_ROWS, CHAT_ROWS, SSE_ROWS } from './report-rows';
import { fmt, isError, metricTable, type ScenarioError } from './report-table';
import { memorySection, targetsSection } from './report-targets';
import type { SseResult } from './sse-scenario';

/** The machine the figures were measured on. */
export type Machine = {
  cores: number;
  cpuModel: string;
  node: string;
  kernel: string;
  memoryGiB: number;
  loadAverageAtStart: number;
  /** 1-, 5- and 15-minute load averages before the first scenario and after the last. */
  loadAverages: { start: number[]; end: number[] };
};

/** Everything one `npm run bench` measured. */
export type BenchRun = {
  date: string;
  machine: Machine;
  command: string;
  durationS: number;
  loadProcesses: number;
  /** How the servers were started. */
  serverStart: string;
  chatSendDurationMs: number;
  sse: (SseResult | ScenarioError)[];
  burst: (BurstResult | ScenarioError)[];
  chat: (ChatResult | ScenarioError)[];
  /** The ingest section's figures; undefined when BENCH_SKIP left it out. */
  ingest?: IngestResult | ScenarioError;
  warnings: string[];
};

/** The whole report as Markdown. */
export function renderReport(run: BenchRun): string {
  const m = run.machine;
  const parts = [
    `# Pulseboard benchmark, ${run.date}`,
    [
      `- Machine: ${m.cores} cores (${m.cpuModel}), ${fmt(m.memoryGiB)} GiB, Linux ${m.kernel}, Node ${m.node}`,
      `- Load average (1, 5, 15 min, as \`uptime\` shows it): ${m.loadAverages.start.map((l) => l.toFixed(2)).join(', ')} before the run, ${m.loadAverages.end.map((l) => l.toFixed(2)).join(', ')} after it`,
      `- Command: \`${run.command}\``,
      `- Duration: ${fmt(run.durationS)} s (after the build)`,
      `- Servers: ${run.serverStart}`,
      `- Load generator: ${run.loadProcesses} processes on the same machine, loopback only`,
      '- Ratios are Pulseboard / baseline, measured moments apart in this run: below 1x is better for latency, CPU and memory, above 1x for rates.',
    ].join('\n'),
    targetsSection(run),
    memorySection(run),
    ...sseSections(run),
    ...burstSection(run),
    ...chatSections(run),
    ingestSection(run.ingest),
    warningSection(run),
  ];
  return `${parts.filter(Boolean).join('\n\n')}\n`;
}

function sseSections(run: BenchRun): string[] {
  const sizes = [...new Set(run.sse.map((r) => r.clients))];
  if (sizes.length === 0) return [];
  const sections = sizes.map(
    (n) =>
      `## SSE, ${fmt(n)} streams\n\n${MARKER_COUNT} marked samples, one every ${MARKER_INTERVAL_MS} ms, each ingested by one POST; latency runs from the POST's response to the event's arrival.\n\n` +
      metricTable(
        run.sse.filter((r) => r.clients === n),
        SSE_ROWS,
      ),
  );
  return [...sections, growthTable(run, sizes)];
}

function growthTable(run: BenchRun, sizes: number[]): string {
  const targets = [...new Set(run.sse.map((r) => r.target))];
  const metrics: [string, (r: SseResult) => string][] = [
    ['server CPU (% of one core)', (r) => fmt(r.usage.serverCpuPercent, 1)],
    ['server RSS peak (MiB)', (r) => fmt(r.memory.peakKiB / KIB_PER_MIB, 1)],
    ['RSS per stream, (peak − idle) / streams (KiB)', (r) => fmt(r.memory.perConnectionKiB, 1)],
    ['latency p99 (ms)', (r) => fmt(r.latencyMs.p99, 1)],
  ];
  const lines = [
    `| server | metric | ${sizes.map((n) => fmt(n)).join(' | ')} |`,
    `| --- | --- | ${sizes.map(() => '---:').join(' | ')} |`,
  ];
  for (const target of targets) {
    for (const [label, read] of metrics) {
      const cells = sizes.map((n) => {
        const r = run.sse.find((x) => x.target === target && x.clients === n);
        return !r ? '' : isError(r) ? 'error' : read(r);
      });
      lines.push(`| ${target} | ${label} | ${cells.join(' | ')} |`);
    }
  }
  return `## SSE growth\n\n${lines.join('\n')}`;
}

function burstSection(run: BenchRun): string[] {
  if (run.burst.length === 0) return [];
  return [
    `## Burst: ${fmt(BURST_SAMPLES)} samples in one second, ${BURST_STREAMS} streams\n\n${BURST_POSTS} POSTs of ${BURST_SAMPLES / BURST_POSTS} samples, evenly spread over one second. Both servers coalesce what was committed before their next flush into one event.\n\n` +
      metricTable(run.burst, BURST_ROWS),
  ];
}

function chatSections(run: BenchRun): string[] {
  const sizes = [...new Set(run.chat.map((r) => r.clients))];
  return sizes.map(
    (n) =>
      `## Chat, ${fmt(n)} sockets\n\n${CHAT_RATE_PER_S} messages per second in total for ${fmt(run.chatSendDurationMs / 1000)} s, from rotating senders, fanned out to every other socket.\n\n` +
      metricTable(
        run.chat.filter((r) => r.clients === n),
        CHAT_ROWS,
      ),
  );
}

function warningSection(run: BenchRun): string {
  const errors = [...run.sse, ...run.burst, ...run.chat]
    .filter(isError)
    .map((e) => `ERROR ${e.target} at ${fmt(e.clients)}: ${e.error}`);
  const lines = [...errors, ...run.warnings];
  return `## Warnings\n\n${lines.length ? lines.map((w) => `- ${w}`).join('\n') : 'None.'}`;
}
