import type { ChildProcess } from 'node:child_process';
import { createInterface } from 'node:readline';

export type LogLine = Record<string, unknown> & { msg?: string };

/**
 * Counts the server's JSON log lines that match `predicate` from now on, however many there
 * are (`output()` keeps only the last lines), and keeps the last one.
 */
export function countLogLines(
  child: ChildProcess,
  predicate: (line: LogLine) => boolean,
): { count(): number; last(): LogLine | undefined; stop(): void } {
  let count = 0;
  let last: LogLine | undefined;
  const lines = createInterface({ input: child.stdout as NodeJS.ReadableStream });
  lines.on('line', (text) => {
    if (!text.startsWith('{')) return;
    try {
      const line = JSON.parse(text) as LogLine;
      if (!predicate(line)) return;
      count++;
      last = line;
    } catch {
      // Not a JSON log line.
    }
  });
  return { count: () => count, last: () => last, stop: () => lines.close() };
}
