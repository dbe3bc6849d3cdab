import path from 'node:path';
import { build } from 'esbuild';
import { PROJECT_ROOT } from './server-process';

/** Where the bundled baselines go (inside node_modules, so `ws` and better-sqlite3 resolve). */
export const BASELINE_BUNDLE_DIR = path.join(
  PROJECT_ROOT,
  'node_modules',
  '.cache',
  'pulseboard-bench',
);

/** The baseline entry points, by bundle name. */
const BASELINES = {
  'baseline-sse-server': 'bench/baseline-sse-server.ts',
  'baseline-chat-server': 'bench/baseline-chat-server.ts',
} as const;

export type BaselineName = keyof typeof BASELINES;

/** The bundle of `name`, as the path node is given. */
export function baselineBundle(name: BaselineName): string {
  return path.join(BASELINE_BUNDLE_DIR, `${name}.mjs`);
}

/** The TypeScript source of `name`, relative to the project root. */
export function baselineSource(name: BaselineName): string {
  return BASELINES[name];
}

/**
 * Bundles the baselines the way `npm run build:server` bundles server.ts (esm, node20,
 * packages external), so both sides run as plain `node <bundle>` without a TypeScript loader.
 */
export async function bundleBaselines(): Promise<void> {
  await build({
    entryPoints: Object.fromEntries(
      Object.entries(BASELINES).map(([name, source]) => [name, path.join(PROJECT_ROOT, source)]),
    ),
    outdir: BASELINE_BUNDLE_DIR,
    outExtension: { '.js': '.mjs' },
    bundle: true,
    platform: 'node',
    format: 'esm',
    packages: 'external',
    target: 'node20',
    logLevel: 'warning',
  });
}
