import type { ServerSpec } from './server-process';

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

/** Label of the raw baselines in every table. */
export const BASELINE_LABEL = 'baseline';

/** Pulseboard's production server with `STREAM_TRANSPORT=<transport>` (unset when undefined). */
export function pulseboardSpec(transport: string | undefined): ServerSpec {
  return {
    label: transport ? `Pulseboard (${transport})` : 'Pulseboard',
    script: 'server.ts',
    env: transport ? { ...PULSEBOARD_ENV, STREAM_TRANSPORT: transport } : PULSEBOARD_ENV,
    ipc: false,
  };
}

/** The raw node:http SSE baseline. */
export const baselineSseSpec: ServerSpec = {
  label: BASELINE_LABEL,
  script: 'bench/baseline-sse-server.ts',
  env: { SSE_KEEPALIVE_INTERVAL_MS: '15000' },
  ipc: true,
};

/** The raw ws + SQLite chat baseline. */
export const baselineChatSpec: ServerSpec = {
  label: BASELINE_LABEL,
  script: 'bench/baseline-chat-server.ts',
  env: {},
  ipc: true,
};

/** The SSE servers of one size, baseline first: run moments apart (`none`: baseline only). */
export function sseSpecs(transports: readonly string[]): ServerSpec[] {
  const pulseboard = transports.filter((t) => t !== 'none').map((t) => pulseboardSpec(t));
  return [baselineSseSpec, ...pulseboard];
}

/** The chat servers of one size, baseline first. */
export function chatSpecs(): ServerSpec[] {
  return [baselineChatSpec, pulseboardSpec(undefined)];
}
