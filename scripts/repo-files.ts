import { readdirSync } from 'node:fs';
import path from 'node:path';

/** Folders never searched: dependencies, build output, data, reports. */
const SKIPPED_DIRS = new Set([
  '.git',
  '.next',
  'node_modules',
  'dist',
  'data',
  'test-results',
  'playwright-report',
  'blob-report',
]);

/** The files under `dir` whose name `wanted` accepts (full paths, sorted), skipped folders aside. */
export function listRepoFiles(dir: string, wanted: (name: string) => boolean): string[] {
  const files: string[] = [];
  for (const entry of readdirSync(dir, { withFileTypes: true })) {
    if (SKIPPED_DIRS.has(entry.name)) continue;
    const full = path.join(dir, entry.name);
    if (entry.isDirectory()) files.push(...listRepoFiles(full, wanted));
    else if (wanted(entry.name)) files.push(full);
  }
  return files.sort();
}
