import { readFileSync } from 'node:fs';
import { setTimeout as delay } from 'node:timers/promises';

/** Longest wait for the kernel to stop the process after SIGSTOP, in milliseconds. */
const STOP_WAIT_MS = 5000;

/**
 * Runs `send` while the server process is stopped (SIGSTOP, confirmed in `/proc`), then lets it
 * go on (SIGCONT): whatever `send` wrote on open connections is read by the server in one turn
 * of its event loop, however fast or slow the machine. Linux only.
 */
export async function whileStopped(pid: number, send: () => void): Promise<void> {
  process.kill(pid, 'SIGSTOP');
  try {
    const deadline = performance.now() + STOP_WAIT_MS;
    while (processState(pid) !== 'T') {
      if (performance.now() > deadline) throw new Error(`process ${pid} did not stop`);
      await delay(1);
    }
    send();
  } finally {
    process.kill(pid, 'SIGCONT');
  }
}

/** The state letter of `/proc/<pid>/stat` (`R`, `S`, `T` for stopped, ...). */
function processState(pid: number): string {
  const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
  return stat.slice(stat.lastIndexOf(')') + 2, stat.lastIndexOf(')') + 3);
}
