import { describe, expect, it } from 'vitest';
import {
  cpuPercent,
  ratePerSecond,
  readCpuTimes,
  readMemoryUsedBytes,
  readNetTotals,
} from './host-stats';

const NETDEV = `Inter-|   Receive                                                |  Transmit
 face |bytes    packets errs drop fifo frame compressed multicast|bytes    packets errs drop fifo colls carrier compressed
    lo: 5000      10    0    0    0     0          0         0     5000      10    0    0    0     0       0          0
  eth0: 1200      12    0    0    0     0          0         0      800       8    0    0    0     0       0          0
  wlan0: 300       3    0    0    0     0          0         0      200       2    0    0    0     0       0          0
`;

describe('host stats', () => {
  it('sums network bytes of every interface but loopback', () => {
    expect(readNetTotals(NETDEV)).toEqual({ rx: 1500, tx: 1000 });
  });

  it('turns counters into per-second rates and ignores resets', () => {
    expect(ratePerSecond(1000, 3000, 500)).toBe(4000);
    expect(ratePerSecond(3000, 1000, 500)).toBe(0);
  });

  it('computes the busy share of CPU time', () => {
    expect(cpuPercent({ idle: 0, total: 0 }, { idle: 75, total: 100 })).toBe(25);
    expect(cpuPercent({ idle: 10, total: 10 }, { idle: 10, total: 10 })).toBe(0);
  });

  it('reads real values from this machine', () => {
    expect(readCpuTimes().total).toBeGreaterThan(0);
    const used = readMemoryUsedBytes();
    expect(used).toBeGreaterThan(0);
  });

  it('uses MemAvailable when Linux provides it', () => {
    const used = readMemoryUsedBytes('MemTotal: 100 kB\nMemAvailable:    1024 kB\n');
    expect(used).toBeGreaterThan(0);
  });
});
