import { type ChildProcess, spawn } from 'node:child_process';
import { once } from 'node:events';
import { afterEach, describe, expect, it } from 'vitest';
import { PeakRss } from './peak-rss';
import { readPeakRssKiB, readProc } from './proc-stats';

/** Allocates (and touches) this many MiB, frees them, then says `ready` and idles. */
const SPIKE_MIB = 200;
const SPIKE = `
  let b = Buffer.alloc(${SPIKE_MIB} * 1024 * 1024, 1);
  b = undefined;
  globalThis.gc();
  setTimeout(() => process.stdout.write('ready\\n'), 100);
  setInterval(() => {}, 1000);
`;

let child: ChildProcess | undefined;
afterEach(() => {
  child?.kill('SIGKILL');
});

describe('PeakRss', () => {
  it('leaves out a spike from before it started (the kernel peak is reset)', async () => {
    child = spawn(process.execPath, ['--expose-gc', '-e', SPIKE], {
      stdio: ['ignore', 'pipe', 'inherit'],
    });
    await once(child.stdout as NodeJS.ReadableStream, 'data');
    const pid = child.pid as number;
    const before = readPeakRssKiB(pid);
    expect(before).toBeGreaterThan(SPIKE_MIB * 1024);

    const peak = new PeakRss(pid);

    expect(peak.method).toBe('VmHWM');
    expect(peak.read()).toBeLessThan(before - (SPIKE_MIB / 2) * 1024);
  });

  it('is never below the RSS it last saw', () => {
    const peak = new PeakRss(process.pid);
    const held = Buffer.alloc(32 * 1024 * 1024, 1);

    expect(peak.read()).toBeGreaterThanOrEqual(readProc(process.pid).rssKiB - 1024);
    expect(held.length).toBeGreaterThan(0);
  });
});
