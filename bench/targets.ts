import type { ChatResult } from './chat-scenario';
import { isError, type ScenarioError } from './report-table';
import { BASELINE_LABEL, PULSEBOARD_LABEL } from './server-specs';
import type { SseResult } from './sse-scenario';

/**
 * Issue 11's "Must hold" figures: each is Pulseboard / the raw baseline, measured in the same
 * run, at one size, for the server `npm start` runs.
 */
export type Target =
  | {
      scenario: 'sse';
      clients: number;
      figure: string;
      read: (r: SseResult) => number;
      /** Largest Pulseboard / baseline ratio that passes. */
      maxRatio: number;
    }
  | {
      scenario: 'chat';
      clients: number;
      figure: string;
      read: (r: ChatResult) => number;
      maxRatio: number;
    };

/** Largest p99 latency ratio (SSE 10k commit-to-client, chat 5k send-to-receiver). */
export const LATENCY_P99_MAX_RATIO = 1.25;
/** Largest server CPU ratio over the SSE 10k delivery window. */
export const SSE_CPU_MAX_RATIO = 1.5;
/** Largest server CPU ratio over the chat 5k relay window. */
export const CHAT_CPU_MAX_RATIO = 1.3;
/** Largest (peak RSS − idle RSS) per connection ratio, chat and SSE alike. */
export const RSS_PER_CONNECTION_MAX_RATIO = 1.5;

const perConnection = (r: SseResult | ChatResult) => r.memory.perConnectionKiB;

/** Every target, in the order the report lists them. */
export const TARGETS: readonly Target[] = [
  {
    scenario: 'sse',
    clients: 10_000,
    figure: 'commit-to-client latency p99',
    read: (r) => r.latencyMs.p99,
    maxRatio: LATENCY_P99_MAX_RATIO,
  },
  {
    scenario: 'sse',
    clients: 10_000,
    figure: 'server CPU',
    read: (r) => r.usage.serverCpuPercent,
    maxRatio: SSE_CPU_MAX_RATIO,
  },
  {
    scenario: 'chat',
    clients: 5000,
    figure: 'send-to-receiver latency p99',
    read: (r) => r.latencyMs.p99,
    maxRatio: LATENCY_P99_MAX_RATIO,
  },
  {
    scenario: 'chat',
    clients: 5000,
    figure: 'server CPU',
    read: (r) => r.usage.serverCpuPercent,
    maxRatio: CHAT_CPU_MAX_RATIO,
  },
  ...[1000, 5000].map(
    (clients): Target => ({
      scenario: 'chat',
      clients,
      figure: 'RSS per socket, (peak − idle) / sockets',
      read: perConnection,
      maxRatio: RSS_PER_CONNECTION_MAX_RATIO,
    }),
  ),
  ...[1000, 10_000].map(
    (clients): Target => ({
      scenario: 'sse',
      clients,
      figure: 'RSS per stream, (peak − idle) / streams',
      read: perConnection,
      maxRatio: RSS_PER_CONNECTION_MAX_RATIO,
    }),
  ),
];

/** `pass`, `fail`, or why the target could not be judged in this run. */
export type Verdict = 'pass' | 'fail' | 'not measured' | 'error' | 'no ratio';

/** One target judged against one run. */
export type TargetResult = {
  target: Target;
  pulseboard: number;
  baseline: number;
  ratio: number;
  verdict: Verdict;
};

type Results = {
  sse: readonly (SseResult | ScenarioError)[];
  chat: readonly (ChatResult | ScenarioError)[];
};

/** Judges every target against the run's results. */
export function judgeTargets(run: Results, targets: readonly Target[] = TARGETS): TargetResult[] {
  return targets.map((target) => {
    const results: readonly (SseResult | ChatResult | ScenarioError)[] =
      target.scenario === 'sse' ? run.sse : run.chat;
    const find = (label: string) =>
      results.find((r) => r.target === label && r.clients === target.clients);
    return judge(target, find(PULSEBOARD_LABEL), find(BASELINE_LABEL));
  });
}

function judge(
  target: Target,
  ours: SseResult | ChatResult | ScenarioError | undefined,
  baseline: SseResult | ChatResult | ScenarioError | undefined,
): TargetResult {
  const result = { target, pulseboard: Number.NaN, baseline: Number.NaN, ratio: Number.NaN };
  if (!ours || !baseline) return { ...result, verdict: 'not measured' };
  if (isError(ours) || isError(baseline)) return { ...result, verdict: 'error' };
  // The scenario fixes the result type: an SSE target only ever reads SSE results.
  const read = target.read as (r: SseResult | ChatResult) => number;
  const pulseboard = read(ours);
  const base = read(baseline);
  const ratio = pulseboard / base;
  if (!Number.isFinite(ratio) || base <= 0) {
    return { ...result, pulseboard, baseline: base, verdict: 'no ratio' };
  }
  return {
    target,
    pulseboard,
    baseline: base,
    ratio,
    verdict: ratio <= target.maxRatio ? 'pass' : 'fail',
  };
}
