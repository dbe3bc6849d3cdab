import { sleep, wallNow } from './clock';
import { cpuPercent, readMachine, readProc } from './proc-stats';

/** CPU of other processes (% of one core) under which the machine counts as quiet. */
export const QUIET_BELOW_PERCENT = 30;
/** Length of one quietness sample, in milliseconds. */
export const QUIET_SAMPLE_MS = 500;
/** Longest wait for a quiet machine before a scenario, in milliseconds. */
export const QUIET_WAIT_MAX_MS = 30_000;

/**
 * Waits (at most `maxMs`, default QUIET_WAIT_MAX_MS) until processes other than the bench use less than
 * QUIET_BELOW_PERCENT of a core, so a scenario does not start in the middle of someone
 * else's build or test run. Resolves with how long it waited and the last busy reading.
 */
export async function waitForQuiet(
  maxMs = QUIET_WAIT_MAX_MS,
): Promise<{ waitedMs: number; otherPercent: number }> {
  const start = wallNow();
  for (;;) {
    const machine = readMachine();
    const self = readProc(process.pid);
    await sleep(QUIET_SAMPLE_MS);
    const machineAfter = readMachine();
    const selfPercent = cpuPercent(self, readProc(process.pid));
    const machinePercent =
      ((machineAfter.busyS - machine.busyS) / ((machineAfter.at - machine.at) / 1000)) * 100;
    const otherPercent = Math.max(0, machinePercent - selfPercent);
    const waitedMs = wallNow() - start;
    if (otherPercent < QUIET_BELOW_PERCENT || waitedMs >= maxMs) {
      return { waitedMs, otherPercent };
    }
  }
}
