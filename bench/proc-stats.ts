import { execFileSync } from 'node:child_process';
import { readFileSync, writeFileSync } from 'node:fs';
import { wallNow } from './clock';

/** Clock ticks per second of `/proc/<pid>/stat` times (`getconf CLK_TCK`, usually 100). */
export const CLOCK_TICKS_PER_S = readClockTicks();

/** A reading of one process: CPU time used so far and resident memory now. */
export type ProcSample = {
  /** When it was read, on the shared wall clock (ms). */
  at: number;
  /** User plus system CPU time since the process started, in seconds. */
  cpuS: number;
  /** Resident set size (VmRSS), in KiB. */
  rssKiB: number;
};

/** Reads `/proc/<pid>/stat` (utime + stime) and `/proc/<pid>/status` (VmRSS). */
export function readProc(pid: number): ProcSample {
  const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
  // The command name (field 2) may hold spaces; the fields after its closing paren do not.
  const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
  const utime = Number(fields[11]);
  const stime = Number(fields[12]);
  const status = readFileSync(`/proc/${pid}/status`, 'utf8');
  const rss = /VmRSS:\s+(\d+) kB/.exec(status);
  return {
    at: wallNow(),
    cpuS: (utime + stime) / CLOCK_TICKS_PER_S,
    rssKiB: rss ? Number(rss[1]) : Number.NaN,
  };
}

/** The peak resident set size of a process (VmHWM) since it started or was last reset, KiB. */
export function readPeakRssKiB(pid: number): number {
  const hwm = /VmHWM:\s+(\d+) kB/.exec(readFileSync(`/proc/${pid}/status`, 'utf8'));
  return hwm ? Number(hwm[1]) : Number.NaN;
}

/**
 * Resets a process's peak RSS (VmHWM) to its current RSS by writing 5 to
 * `/proc/<pid>/clear_refs` (Linux 4.0+, the process's owner only); false when that failed.
 */
export function resetPeakRss(pid: number): boolean {
  try {
    writeFileSync(`/proc/${pid}/clear_refs`, '5');
    return true;
  } catch {
    return false;
  }
}

/** CPU used between two readings, as % of one core. */
export function cpuPercent(from: ProcSample, to: ProcSample): number {
  const wallS = (to.at - from.at) / 1000;
  return wallS > 0 ? ((to.cpuS - from.cpuS) / wallS) * 100 : Number.NaN;
}

/** The 1-minute load average of the machine. */
export function loadAverage1m(): number {
  return loadAverages()[0];
}

/** The 1-, 5- and 15-minute load averages of the machine, as `uptime` prints them. */
export function loadAverages(): [number, number, number] {
  const [one, five, fifteen] = readFileSync('/proc/loadavg', 'utf8').split(' ').map(Number);
  return [one ?? Number.NaN, five ?? Number.NaN, fifteen ?? Number.NaN];
}

function readClockTicks(): number {
  try {
    const ticks = Number(execFileSync('getconf', ['CLK_TCK'], { encoding: 'utf8' }).trim());
    return ticks > 0 ? ticks : 100;
  } catch {
    return 100;
  }
}

/** CPU time the whole machine spent busy (all cores, every process), in seconds. */
export type MachineSample = { at: number; busyS: number };

/** Reads the first line of `/proc/stat`: user + nice + system + irq + softirq + steal. */
export function readMachine(): MachineSample {
  const line = readFileSync('/proc/stat', 'utf8').split('\n')[0] ?? '';
  const [user, nice, system, , , irq, softirq, steal] = line
    .trim()
    .split(/\s+/)
    .slice(1)
    .map(Number);
  const busy = [user, nice, system, irq, softirq, steal].reduce<number>((a, b) => a + (b ?? 0), 0);
  return { at: wallNow(), busyS: busy / CLOCK_TICKS_PER_S };
}
