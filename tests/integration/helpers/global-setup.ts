import fs from 'node:fs';
import path from 'node:path';
import { DIST_SERVER, REPO_ROOT, SERVER_ENTRY } from './start-test-server';

/** Sources of the Next build, and of the server bundle. */
const NEXT_INPUTS = ['app', 'lib', 'db', 'next.config.ts'];
const SERVER_INPUTS = ['server.ts', 'lib', 'db'];

/**
 * The tests run the production build: fail at once without one, and warn when a source file
 * is newer than the build (the server would run stale code).
 */
export default function setup(): void {
  const buildId = path.join(REPO_ROOT, '.next', 'BUILD_ID');
  const bundle = path.join(REPO_ROOT, DIST_SERVER);
  const required = SERVER_ENTRY === 'dist' ? [buildId, bundle] : [buildId];
  const missing = required.filter((file) => !fs.existsSync(file));
  if (missing.length > 0) {
    const list = missing.map((f) => path.relative(REPO_ROOT, f)).join(', ');
    throw new Error(`No production build (${list}): run \`npm run build\` first.`);
  }
  warnIfStale(buildId, NEXT_INPUTS);
  if (SERVER_ENTRY === 'dist') warnIfStale(bundle, SERVER_INPUTS);
}

function warnIfStale(output: string, inputs: readonly string[]): void {
  const builtAt = fs.statSync(output).mtimeMs;
  const newer = inputs
    .flatMap((input) => sourceFiles(path.join(REPO_ROOT, input)))
    .filter((file) => fs.statSync(file).mtimeMs > builtAt);
  if (newer.length === 0) return;
  const list = newer.map((f) => path.relative(REPO_ROOT, f)).join(', ');
  const name = path.relative(REPO_ROOT, output);
  console.warn(`[integration] ${name} is older than ${list}; run \`npm run build\`.`);
}

function sourceFiles(entry: string): string[] {
  if (!fs.existsSync(entry)) return [];
  if (fs.statSync(entry).isFile()) return [entry];
  return fs
    .readdirSync(entry, { recursive: true, withFileTypes: true })
    .filter((d) => d.isFile() && /\.(ts|tsx|css)$/.test(d.name) && !/\.test\.tsx?$/.test(d.name))
    .map((d) => path.join(d.parentPath, d.name));
}
