import type { ChildProcess } from 'node:child_process';
import { rmSync } from 'node:fs';

/** Every child process the bench started and that has not exited yet. */
const children = new Set<ChildProcess>();
/** Temp folders (servers' databases) not removed yet. */
const tempDirs = new Set<string>();

/** Remembers `child` so that it is killed when the bench exits, whatever the reason. */
export function trackChild(child: ChildProcess): void {
  children.add(child);
  child.once('exit', () => children.delete(child));
}

/** Remembers a temp folder to remove if the bench exits before its owner removes it. */
export function trackTempDir(dir: string): void {
  tempDirs.add(dir);
}

/** Removes a tracked temp folder now. */
export function removeTempDir(dir: string): void {
  rmSync(dir, { recursive: true, force: true });
  tempDirs.delete(dir);
}

/** Sends SIGKILL to every child still running (each by its own pid) and removes temp folders. */
export function killAllChildren(): void {
  for (const child of children) {
    if (child.exitCode === null && child.signalCode === null) child.kill('SIGKILL');
  }
  children.clear();
  for (const dir of tempDirs) removeTempDir(dir);
}

/** Kills the children on exit, on SIGINT / SIGTERM, and on an uncaught error. */
export function installChildCleanup(): void {
  process.on('exit', killAllChildren);
  for (const signal of ['SIGINT', 'SIGTERM'] as const) {
    process.on(signal, () => {
      killAllChildren();
      process.exit(130);
    });
  }
}

/**
 * Runs a bench's `main` with the children cleaned up whatever happens, aborted (children killed,
 * exit code 1) after `timeoutMs`; `finish` (closing agents) runs after `main` either way.
 */
export async function runBench(
  name: string,
  timeoutMs: number,
  main: () => Promise<void>,
  finish: () => void = () => {},
): Promise<void> {
  installChildCleanup();
  const watchdog = setTimeout(() => {
    process.stderr.write(`${name}: aborted after ${timeoutMs / 60_000} minutes\n`);
    killAllChildren();
    process.exit(1);
  }, timeoutMs);
  try {
    await main();
  } finally {
    clearTimeout(watchdog);
    finish();
    killAllChildren();
  }
}
