import { readdirSync, readFileSync } from 'node:fs';
import { readProc } from './proc-stats';

/**
 * The processes of one PostgreSQL server: its postmaster (the parent of `backendPid`) and every
 * child of it (backends, checkpointer, WAL writer, ...). Read from /proc; other PostgreSQL
 * servers on the machine are not counted.
 */
export function postgresPids(backendPid: number): number[] {
  const postmaster = parentOf(backendPid);
  const pids = [postmaster];
  for (const entry of readdirSync('/proc')) {
    const pid = Number(entry);
    if (!Number.isInteger(pid)) continue;
    try {
      if (parentOf(pid) === postmaster) pids.push(pid);
    } catch {
      // Gone meanwhile.
    }
  }
  return pids;
}

/** CPU seconds used so far by each of `pids` that still runs (keyed by pid). */
export function cpuSecondsOf(pids: readonly number[]): Map<number, number> {
  const seconds = new Map<number, number>();
  for (const pid of pids) {
    try {
      seconds.set(pid, readProc(pid).cpuS);
    } catch {
      // Exited.
    }
  }
  return seconds;
}

/**
 * CPU used between two readings, in seconds: by the processes in both, plus all of what a
 * process started in between used (a backend opened during the window). A process that ended
 * in between is not counted (its last reading is gone).
 */
export function cpuSecondsBetween(before: Map<number, number>, after: Map<number, number>): number {
  let total = 0;
  for (const [pid, end] of after) total += end - (before.get(pid) ?? 0);
  return total;
}

function parentOf(pid: number): number {
  const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
  return Number(stat.slice(stat.lastIndexOf(')') + 2).split(' ')[1]);
}
