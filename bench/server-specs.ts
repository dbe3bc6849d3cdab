import { existsSync } from 'node:fs';
import path from 'node:path';
import { type BaselineName, baselineBundle, baselineSource } from './bundle-baselines';
import type { BenchTarget } from './config';
import { PROJECT_ROOT, type ServerSpec } from './server-process';

/** The bundle `npm start` runs (`npm run build` makes it). */
export const PULSEBOARD_BUNDLE = 'dist/server.mjs';
/** Label of the raw baselines in every table. */
export const BASELINE_LABEL = 'baseline';

/** `dist`: every server runs as a plain node bundle; `source`: from TypeScript through tsx. */
export type ServerMode = 'dist' | 'source';

/** Environment of every Pulseboard run: production, quiet, no collector, no auth. */
const PULSEBOARD_ENV = {
  NODE_ENV: 'production',
  NEXT_TELEMETRY_DISABLED: '1',
  COLLECTOR_ENABLED: '0',
  LOG_LEVEL: 'warn',
  SSE_KEEPALIVE_INTERVAL_MS: '15000',
  INGEST_TOKEN: '',
  ALLOWED_ORIGINS: '',
};

/** BENCH_SERVER=dist or source; by default `dist` when `npm run build` made the bundle. */
export function resolveServerMode(choice = process.env.BENCH_SERVER): ServerMode {
  if (choice === 'dist' || choice === 'source') return choice;
  if (choice) throw new TypeError(`BENCH_SERVER must be dist or source, got "${choice}"`);
  return existsSync(path.join(PROJECT_ROOT, PULSEBOARD_BUNDLE)) ? 'dist' : 'source';
}

/** How the servers of `mode` are started, as Markdown for the report. */
export function describeStart(mode: ServerMode): string {
  return mode === 'dist'
    ? `Pulseboard as \`NODE_ENV=production node ${PULSEBOARD_BUNDLE}\` (like \`npm start\`); the baselines bundled the same way (esbuild, esm) and run as \`node <bundle>\``
    : 'Pulseboard as `NODE_ENV=production node --import tsx server.ts`; the baselines through tsx too';
}

/** Label of Pulseboard in every table. */
export const PULSEBOARD_LABEL = 'Pulseboard';

/** Pulseboard's production server, as `npm start` runs it. */
export function pulseboardSpec(mode: ServerMode): ServerSpec {
  return {
    label: PULSEBOARD_LABEL,
    args: mode === 'dist' ? [PULSEBOARD_BUNDLE] : ['--import', 'tsx', 'server.ts'],
    env: PULSEBOARD_ENV,
    ipc: false,
  };
}

/** The raw node:http SSE baseline. */
export function baselineSseSpec(mode: ServerMode): ServerSpec {
  return baselineSpec(mode, 'baseline-sse-server', { SSE_KEEPALIVE_INTERVAL_MS: '15000' });
}

/** The raw ws + SQLite chat baseline. */
export function baselineChatSpec(mode: ServerMode): ServerSpec {
  return baselineSpec(mode, 'baseline-chat-server', {});
}

/** The SSE servers of one size among `targets`, baseline first: run moments apart. */
export function sseSpecs(mode: ServerMode, targets: readonly BenchTarget[]): ServerSpec[] {
  return targets.map((t) => (t === 'baseline' ? baselineSseSpec(mode) : pulseboardSpec(mode)));
}

/** The chat servers of one size among `targets`, baseline first. */
export function chatSpecs(mode: ServerMode, targets: readonly BenchTarget[]): ServerSpec[] {
  return targets.map((t) => (t === 'baseline' ? baselineChatSpec(mode) : pulseboardSpec(mode)));
}

function baselineSpec(
  mode: ServerMode,
  name: BaselineName,
  env: Record<string, string>,
): ServerSpec {
  return {
    label: BASELINE_LABEL,
    args: mode === 'dist' ? [baselineBundle(name)] : ['--import', 'tsx', baselineSource(name)],
    env,
    ipc: true,
  };
}
