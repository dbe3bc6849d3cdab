/**
 * The system programs the test layers need beside `node_modules`, where they are looked for,
 * and what `npm test` does when one is missing (scripts/ensure-test-deps.ts runs it first).
 * The decision (`planTestDeps`) is pure, so it is tested without apt-get.
 */
import { accessSync, constants, statSync } from 'node:fs';
import path from 'node:path';

/** Where Debian puts Chromium (the e2e layer's default browser, as in playwright.config.ts). */
export const DEBIAN_CHROMIUM = '/usr/bin/chromium';
/** Where a program is looked for beside PATH (Debian installs nginx in /usr/sbin). */
export const SBIN_DIRS = ['/usr/sbin', '/usr/local/sbin', '/usr/local/nginx/sbin'];

/** A system program a test layer needs, and the Debian package that has it. */
export type SystemDep = {
  name: 'chromium' | 'nginx' | 'chattr' | 'postgresql' | 'prometheus-node-exporter';
  debianPackage: string;
  neededBy: string;
};

export const SYSTEM_DEPS: Record<SystemDep['name'], SystemDep> = {
  chromium: { name: 'chromium', debianPackage: 'chromium', neededBy: 'the e2e tests (Playwright)' },
  nginx: {
    name: 'nginx',
    debianPackage: 'nginx',
    neededBy: 'tests/integration/nginx-proxy.test.ts',
  },
  chattr: {
    name: 'chattr',
    debianPackage: 'e2fsprogs',
    neededBy: 'tests/integration/store-read-only.test.ts',
  },
  'prometheus-node-exporter': {
    name: 'prometheus-node-exporter',
    debianPackage: 'prometheus-node-exporter',
    neededBy: 'tests/integration/scrape-node-exporter.test.ts',
  },
  postgresql: {
    name: 'postgresql',
    debianPackage: 'postgresql',
    neededBy:
      'the PostgreSQL engine tests (tests/store-contract/postgres.contract.test.ts, ' +
      'lib/store/postgres/*.test.ts, tests/integration/postgres-*.test.ts)',
  },
};

/** What the probe found: everything `planTestDeps` decides on. */
export type Probe = {
  missing: readonly SystemDep[];
  isRoot: boolean;
  hasAptGet: boolean;
  /** CHROMIUM_PATH when it is set but names no executable (installing would not help). */
  badChromiumPath?: string;
};

export type Plan =
  | { action: 'ready' }
  | { action: 'install'; packages: string[]; command: string }
  | { action: 'stop'; message: string };

/**
 * Ready when nothing is missing; install with apt-get as root on Debian; otherwise stop with
 * the exact command to run.
 */
export function planTestDeps(probe: Probe): Plan {
  if (probe.badChromiumPath !== undefined) {
    return {
      action: 'stop',
      message:
        `CHROMIUM_PATH is set to ${probe.badChromiumPath}, but there is no executable there.\n` +
        'Point it at a Chromium binary, or unset it to use /usr/bin/chromium.',
    };
  }
  if (probe.missing.length === 0) return { action: 'ready' };
  const packages = probe.missing.map((dep) => dep.debianPackage);
  if (probe.isRoot && probe.hasAptGet) {
    return { action: 'install', packages, command: installCommand(packages, true) };
  }
  return { action: 'stop', message: missingMessage(probe, packages) };
}

/** The apt-get command that installs `packages`; with sudo before each apt-get unless root. */
export function installCommand(packages: readonly string[], asRoot: boolean): string {
  const apt = asRoot ? 'apt-get' : 'sudo apt-get';
  return `${apt} update && ${apt} install -y ${packages.join(' ')}`;
}

/**
 * What a test says when it finds `dep` missing after all (npm test's pretest would have
 * installed it, or stopped): the exact command, never a skip.
 */
export function missingProgramMessage(dep: SystemDep, isRoot = process.getuid?.() === 0): string {
  return (
    `${dep.name} is not installed, and ${dep.neededBy} needs it. Install it with ` +
    `\`${installCommand([dep.debianPackage], isRoot)}\` (Debian/Ubuntu); as root, ` +
    '`npm test` installs it itself.'
  );
}

function missingMessage(probe: Probe, packages: readonly string[]): string {
  const lines = probe.missing.map((dep) => `  - ${dep.name}, for ${dep.neededBy}`);
  const command = installCommand(packages, probe.isRoot);
  const how = probe.hasAptGet
    ? `Install ${packages.length > 1 ? 'them' : 'it'}, then run npm test again:\n\n  ${command}\n`
    : `Install ${packages.length > 1 ? 'them' : 'it'} with your system's package manager ` +
      `(on Debian or Ubuntu: ${command}), then run npm test again.\n`;
  const chromiumHint = probe.missing.some((dep) => dep.name === 'chromium')
    ? '\nFor Chromium you may instead set CHROMIUM_PATH to a Chromium binary, or run ' +
      '`npx playwright install chromium`.\n'
    : '';
  return `npm test needs programs this machine lacks:\n${lines.join('\n')}\n\n${how}${chromiumHint}`;
}

export type ChromiumLookup = { found: true } | { found: false; badChromiumPath?: string };

/**
 * The same order as playwright.config.ts: CHROMIUM_PATH when set (it must be executable),
 * Debian's /usr/bin/chromium, then Playwright's own download (asked only when needed: loading
 * Playwright takes a moment).
 */
export async function findChromium(
  chromiumPath: string | undefined,
  playwrightChromium: () => Promise<string | undefined>,
  isFile: (file: string) => boolean = isExecutableFile,
): Promise<ChromiumLookup> {
  if (chromiumPath)
    return isFile(chromiumPath) ? { found: true } : { found: false, badChromiumPath: chromiumPath };
  if (isFile(DEBIAN_CHROMIUM)) return { found: true };
  const downloaded = await playwrightChromium();
  return downloaded !== undefined && isFile(downloaded) ? { found: true } : { found: false };
}

/** The first executable file called `name` in PATH or SBIN_DIRS, or undefined. */
export function findProgram(
  name: string,
  pathVariable = process.env.PATH ?? '',
  isFile: (file: string) => boolean = isExecutableFile,
): string | undefined {
  const dirs = [...pathVariable.split(path.delimiter).filter(Boolean), ...SBIN_DIRS];
  return dirs.map((dir) => path.join(dir, name)).find(isFile);
}

/** Whether `file` is a regular file this process may execute. */
export function isExecutableFile(file: string): boolean {
  try {
    accessSync(file, constants.X_OK);
    return statSync(file).isFile();
  } catch {
    return false;
  }
}
