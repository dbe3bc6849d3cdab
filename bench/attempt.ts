import type { BurstResult } from './burst-scenario';
import type { ChatResult } from './chat-scenario';
import { wallNow } from './clock';
import { OTHER_CPU_WARN_PERCENT } from './config';
import { QUIET_BELOW_PERCENT, QUIET_SAMPLE_MS, waitForQuiet } from './quiet';
import { isError, type ScenarioError } from './report-table';
import type { ServerSpec } from './server-process';
import type { SseResult } from './sse-scenario';

/** Time the whole run may spend measuring scenarios again because the machine was busy, ms. */
export const RETRY_BUDGET_MS = 150_000;

type Result = SseResult | BurstResult | ChatResult;

/**
 * Quiet waits in a row that may run out (the machine stayed busy) before the run stops
 * waiting and repeating: on a machine that someone else keeps busy, neither helps, and both
 * made a 4-minute run take 26 minutes.
 */
export const BUSY_WAITS_BEFORE_GIVING_UP = 2;

let retrySpentMs = 0;
let busyWaitsInARow = 0;

/** Whether the run has given up waiting for a quiet machine (it resumes once one is seen). */
function givenUp(): boolean {
  return busyWaitsInARow >= BUSY_WAITS_BEFORE_GIVING_UP;
}

/**
 * Runs one scenario after waiting for a quiet machine. A failure becomes an error cell instead
 * of ending the run. When other processes used more than OTHER_CPU_WARN_PERCENT of a core
 * during its window, it runs once more (within RETRY_BUDGET_MS for the whole run) and the
 * quieter of the two is kept.
 */
export async function attempt<R extends Result>(
  spec: ServerSpec,
  clients: number,
  scenario: () => Promise<R>,
): Promise<R | ScenarioError> {
  const first = await attemptOnce(spec, clients, scenario);
  if (isError(first.result)) return first.result;
  const busy = first.result.usage.otherCpuPercent;
  if (busy <= OTHER_CPU_WARN_PERCENT || retrySpentMs + first.durationMs > RETRY_BUDGET_MS) {
    return first.result;
  }
  if (givenUp()) {
    first.result.warnings.push(
      `${spec.label} at ${clients}: not measured again (other processes used ${busy.toFixed(0)}% of a core) because the machine stayed busy through ${busyWaitsInARow} quiet waits in a row`,
    );
    return first.result;
  }
  process.stderr.write(`bench: other processes used ${busy.toFixed(0)}% of a core; again\n`);
  const second = await attemptOnce(spec, clients, scenario);
  retrySpentMs += second.durationMs;
  const kept =
    !isError(second.result) && second.result.usage.otherCpuPercent < busy
      ? second.result
      : first.result;
  kept.warnings.push(
    `${spec.label} at ${clients}: measured twice because other processes used ${busy.toFixed(0)}% of a core; kept the run with ${kept.usage.otherCpuPercent.toFixed(0)}%`,
  );
  return kept;
}

async function attemptOnce<R extends Result>(
  spec: ServerSpec,
  clients: number,
  scenario: () => Promise<R>,
): Promise<{ result: R | ScenarioError; durationMs: number }> {
  // Once given up, one sample still tells whether the machine has calmed down.
  const quiet = await waitForQuiet(givenUp() ? QUIET_SAMPLE_MS : undefined);
  busyWaitsInARow = quiet.otherPercent >= QUIET_BELOW_PERCENT ? busyWaitsInARow + 1 : 0;
  if (quiet.otherPercent >= QUIET_BELOW_PERCENT) {
    process.stderr.write(
      `bench: other processes still use ${quiet.otherPercent.toFixed(0)}% of a core; starting anyway\n`,
    );
  }
  const began = wallNow();
  process.stderr.write(`bench: ${spec.label} at ${clients} …`);
  try {
    const result = await scenario();
    const durationMs = wallNow() - began;
    process.stderr.write(` ${(durationMs / 1000).toFixed(1)} s\n`);
    return { result, durationMs };
  } catch (error) {
    const message = error instanceof Error ? error.message : String(error);
    process.stderr.write(` failed: ${message}\n`);
    return {
      result: { target: spec.label, clients, error: message.split('\n')[0] ?? message },
      durationMs: wallNow() - began,
    };
  }
}
