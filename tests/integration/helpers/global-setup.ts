import fs from 'node:fs';
import path from 'node:path';
import { REPO_ROOT } from './start-test-server';

/** Folders whose files end up in the Next build (server.ts itself runs from source). */
const BUILD_INPUTS = ['app', 'lib', 'db', 'next.config.ts'];

/**
 * The server runs the production build: fail at once without one, and warn when a source
 * file is newer than the build (the routes would run stale code).
 */
export default function setup(): void {
  const buildId = path.join(REPO_ROOT, '.next', 'BUILD_ID');
  if (!fs.existsSync(buildId)) {
    throw new Error('No production build: run `npm run build` before the integration tests.');
  }
  const builtAt = fs.statSync(buildId).mtimeMs;
  const newer = BUILD_INPUTS.flatMap((input) => sourceFiles(path.join(REPO_ROOT, input))).filter(
    (file) => fs.statSync(file).mtimeMs > builtAt,
  );
  if (newer.length > 0) {
    const list = newer.map((f) => path.relative(REPO_ROOT, f)).join(', ');
    console.warn(`[integration] the build is older than ${list}; run \`npm run build\`.`);
  }
}

function sourceFiles(entry: string): string[] {
  if (!fs.existsSync(entry)) return [];
  if (fs.statSync(entry).isFile()) return [entry];
  return fs
    .readdirSync(entry, { recursive: true, withFileTypes: true })
    .filter((d) => d.isFile() && /\.(ts|tsx|css)$/.test(d.name) && !/\.test\.tsx?$/.test(d.name))
    .map((d) => path.join(d.parentPath, d.name));
}
