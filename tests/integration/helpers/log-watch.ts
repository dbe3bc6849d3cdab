import type { ChildProcess } from 'node:child_process';
import { createInterface } from 'node:readline';

export type LogLine = Record<string, unknown> & { msg?: string };

/**
 * Counts the server's JSON log lines that match `predicate` from now on, however many there
 * are (`output()` keeps only the last lines).
 */
export function countLogLines(
  child: ChildProcess,
  predicate: (line: LogLine) => boolean,
): { count(): number; stop(): void } {
  let count = 0;
  const lines = createInterface({ input: child.stdout as NodeJS.ReadableStream });
  lines.on('line', (text) => {
    if (!text.startsWith('{')) return;
    try {
      if (predicate(JSON.parse(text) as LogLine)) count++;
    } catch {
      // Not a JSON log line.
    }
  });
  return { count: () => count, stop: () => lines.close() };
}
