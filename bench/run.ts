/**
 * `npm run bench`: measures Pulseboard's push paths against raw baselines in one run and
 * writes the Markdown report to stdout and bench/results/<date>.md. See bench/README.md.
 */
import { existsSync, mkdirSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { attempt } from './attempt';
import { bundleBaselines } from './bundle-baselines';
import { runBurstScenario } from './burst-scenario';
import { runChatScenario } from './chat-scenario';
import { runBench } from './child-registry';
import { wallNow } from './clock';
import {
  type BenchConfig,
  BURST_STREAMS,
  BUSY_LOAD_AVERAGE,
  describeEnvKnobs,
  readConfig,
} from './config';
import { closeIngestAgent } from './ingest-client';
import { runIngestScenario } from './ingest-scenario';
import { loadAverage1m, loadAverages } from './proc-stats';
import { type BenchRun, type Machine, renderReport } from './report';
import { PROJECT_ROOT } from './server-process';
import {
  chatSpecs,
  describeStart,
  PULSEBOARD_LABEL,
  pulseboardSpec,
  resolveServerMode,
  sseSpecs,
} from './server-specs';
import { runSseScenario } from './sse-scenario';

/** The whole run is aborted (children killed) after this long, in milliseconds. */
export const RUN_TIMEOUT_MS = 30 * 60_000;

await runBench('bench', RUN_TIMEOUT_MS, () => main(readConfig()), closeIngestAgent);

async function main(config: BenchConfig): Promise<void> {
  if (!existsSync(path.join(PROJECT_ROOT, '.next', 'BUILD_ID'))) {
    throw new Error('No production build in .next: run `npm run bench` (it builds first)');
  }
  const mode = resolveServerMode();
  if (mode === 'dist') await bundleBaselines();
  const startedAt = wallNow();
  const machine = describeMachine();
  const run: BenchRun = {
    date: new Date().toISOString().slice(0, 10),
    machine,
    command: `${describeEnvKnobs()} npm run bench`.trim(),
    durationS: 0,
    loadProcesses: config.loadProcesses,
    serverStart: describeStart(mode),
    chatSendDurationMs: config.chatSendDurationMs,
    sse: [],
    burst: [],
    chat: [],
    warnings: [],
  };
  if (machine.loadAverageAtStart > BUSY_LOAD_AVERAGE) {
    run.warnings.push(
      `The machine was busy before the run (load average ${machine.loadAverageAtStart.toFixed(2)}): other work may skew the figures.`,
    );
  }

  if (!config.skip.has('sse')) {
    for (const clients of config.sseClients) {
      for (const spec of sseSpecs(mode, config.targets)) {
        run.sse.push(
          await attempt(spec, clients, () => runSseScenario(spec, clients, config.loadProcesses)),
        );
      }
    }
  }
  if (!config.skip.has('burst')) {
    for (const spec of sseSpecs(mode, config.targets)) {
      run.burst.push(
        await attempt(spec, BURST_STREAMS, () => runBurstScenario(spec, config.loadProcesses)),
      );
    }
  }
  if (!config.skip.has('chat')) {
    for (const clients of config.chatClients) {
      for (const spec of chatSpecs(mode, config.targets)) {
        run.chat.push(
          await attempt(spec, clients, () =>
            runChatScenario(spec, clients, config.loadProcesses, config.chatSendDurationMs),
          ),
        );
      }
    }
  }
  if (!config.skip.has('ingest')) {
    // Pulseboard alone: the ratios are between its protocols, not to a baseline.
    run.ingest = await runIngestScenario(
      pulseboardSpec(mode),
      config.ingestRequests,
      config.ingestRounds,
    ).catch((error: unknown) => ({
      target: PULSEBOARD_LABEL,
      clients: 0,
      error: (error as Error).message,
    }));
  }
  for (const r of [...run.sse, ...run.burst, ...run.chat]) {
    if ('warnings' in r) run.warnings.push(...r.warnings);
  }

  run.durationS = (wallNow() - startedAt) / 1000;
  machine.loadAverages.end = loadAverages();
  const report = renderReport(run);
  const dir = path.join(PROJECT_ROOT, 'bench', 'results');
  mkdirSync(dir, { recursive: true });
  // A smoke test must not overwrite the day's real results.
  const file = path.join(dir, `${run.date}${config.quick ? '-quick' : ''}.md`);
  writeFileSync(file, report);
  process.stdout.write(`${report}\nWritten to ${path.relative(PROJECT_ROOT, file)}\n`);
}

function describeMachine(): Machine {
  const cpus = os.cpus();
  return {
    cores: cpus.length,
    cpuModel: cpus[0]?.model.trim() ?? 'unknown CPU',
    node: process.version,
    kernel: os.release(),
    memoryGiB: os.totalmem() / 1024 ** 3,
    loadAverageAtStart: loadAverage1m(),
    loadAverages: { start: loadAverages(), end: [] },
  };
}
