import type { ChildProcess } from 'node:child_process';

/** Every child process the bench started and that has not exited yet. */
const children = new Set<ChildProcess>();

/** Remembers `child` so that it is killed when the bench exits, whatever the reason. */
export function trackChild(child: ChildProcess): void {
  children.add(child);
  child.once('exit', () => children.delete(child));
}

/** Sends SIGKILL to every child still running (each by its own pid). */
export function killAllChildren(): void {
  for (const child of children) {
    if (child.exitCode === null && child.signalCode === null) child.kill('SIGKILL');
  }
  children.clear();
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
