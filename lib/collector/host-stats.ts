import fs from 'node:fs';
import os from 'node:os';

export type CpuTimes = { idle: number; total: number };

/** Summed CPU times of every core, in milliseconds. */
export function readCpuTimes(): CpuTimes {
  let idle = 0;
  let total = 0;
  for (const cpu of os.cpus()) {
    const t = cpu.times;
    idle += t.idle;
    total += t.user + t.nice + t.sys + t.idle + t.irq;
  }
  return { idle, total };
}

/** Busy share of all cores between two readings, in percent (0 to 100). */
export function cpuPercent(prev: CpuTimes, next: CpuTimes): number {
  const total = next.total - prev.total;
  if (total <= 0) return 0;
  const busy = total - (next.idle - prev.idle);
  return Math.min(100, Math.max(0, (busy / total) * 100));
}

/** Memory in use, in bytes: total minus what Linux says is available (MemAvailable). */
export function readMemoryUsedBytes(meminfo = readFileOrEmpty('/proc/meminfo')): number {
  const available = /^MemAvailable:\s+(\d+) kB/m.exec(meminfo)?.[1];
  const free = available ? Number(available) * 1024 : os.freemem();
  return os.totalmem() - free;
}

export type NetTotals = { rx: number; tx: number };

/** Bytes received and sent by every interface but loopback since boot (Linux /proc/net/dev). */
export function readNetTotals(netdev = readFileOrEmpty('/proc/net/dev')): NetTotals {
  let rx = 0;
  let tx = 0;
  for (const line of netdev.split('\n').slice(2)) {
    const [iface, rest] = line.split(':');
    if (!iface || rest === undefined || iface.trim() === 'lo') continue;
    const fields = rest.trim().split(/\s+/).map(Number);
    rx += fields[0] ?? 0;
    tx += fields[8] ?? 0;
  }
  return { rx, tx };
}

/** Per-second rate between two counter readings; 0 when a counter went backwards. */
export function ratePerSecond(prev: number, next: number, elapsedMs: number): number {
  if (elapsedMs <= 0 || next < prev) return 0;
  return ((next - prev) / elapsedMs) * 1000;
}

function readFileOrEmpty(file: string): string {
  try {
    return fs.readFileSync(file, 'utf8');
  } catch {
    return '';
  }
}
