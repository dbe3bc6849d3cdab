import { readFileSync } from 'node:fs';

/** Resident memory of a process, in bytes, from `/proc/<pid>/status` (VmRSS). Linux only. */
export function readRssBytes(pid: number): number {
  const status = readFileSync(`/proc/${pid}/status`, 'utf8');
  const match = /^VmRSS:\s+(\d+) kB$/m.exec(status);
  if (!match) throw new Error(`No VmRSS in /proc/${pid}/status`);
  return Number(match[1]) * 1024;
}

/** Samples a process's RSS every `intervalMs` until `stop()`, keeping the peak. */
export function sampleRss(pid: number, intervalMs = 100): { peakBytes(): number; stop(): number } {
  let peak = readRssBytes(pid);
  const take = () => {
    try {
      peak = Math.max(peak, readRssBytes(pid));
    } catch {
      // The process exited: the peak so far stands.
    }
  };
  const timer = setInterval(take, intervalMs);
  return {
    peakBytes: () => peak,
    stop() {
      clearInterval(timer);
      take();
      return peak;
    },
  };
}

/** Bytes as MiB with one decimal, for the figures a test prints. */
export function mib(bytes: number): string {
  return (bytes / 1024 / 1024).toFixed(1);
}
