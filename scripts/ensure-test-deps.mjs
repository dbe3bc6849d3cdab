#!/usr/bin/env node
/**
 * Runs before `npm test` (the `pretest` script): makes sure the system programs the test layers
 * need are on this machine, so that no layer is skipped for want of a binary.
 *
 * - Chromium for Playwright (e2e): CHROMIUM_PATH, Debian's /usr/bin/chromium, or Playwright's
 *   own download (`npx playwright install chromium`) where the network allows it.
 * - nginx for tests/integration/nginx-proxy.test.ts (the test runs its own nginx on a free
 *   loopback port; only the binary is needed).
 *
 * When something is missing: as root with apt-get, it is installed (Debian packages); otherwise
 * the script stops at once, printing the exact command to run. Exit codes: 0 ready, 1 missing.
 */
import { spawnSync } from 'node:child_process';
import { accessSync, constants, existsSync } from 'node:fs';
import path from 'node:path';

/** Where Debian puts Chromium. */
const DEBIAN_CHROMIUM = '/usr/bin/chromium';
/** Where nginx is looked for beside PATH (Debian installs it in /usr/sbin). */
const NGINX_DIRS = ['/usr/sbin', '/usr/local/sbin', '/usr/local/nginx/sbin'];

const missing = [];
if (!chromiumFound()) missing.push('chromium');
if (!nginxFound()) missing.push('nginx');

if (missing.length === 0) process.exit(0);

const command = `apt-get update && apt-get install -y ${missing.join(' ')}`;
if (!canInstall()) {
  console.error(
    `npm test needs ${missing.join(' and ')}, which this machine lacks.\n` +
      `Install ${missing.length > 1 ? 'them' : 'it'} with:\n\n  sudo ${command}\n\n` +
      (missing.includes('chromium')
        ? 'Or set CHROMIUM_PATH to a Chromium binary, or run `npx playwright install chromium`.\n'
        : ''),
  );
  process.exit(1);
}

console.log(`pretest: installing ${missing.join(', ')} (Debian packages): ${command}`);
const env = { ...process.env, DEBIAN_FRONTEND: 'noninteractive' };
run('apt-get', ['update', '-qq'], env);
// nginx's package may fail to start its default site (port 80 taken): only the binary matters,
// so the install's exit code is checked through the binaries found afterwards.
run('apt-get', ['install', '-y', '-qq', ...missing], env, { allowFailure: true });
if (missing.includes('nginx')) {
  spawnSync('service', ['nginx', 'stop'], { stdio: 'ignore' });
}
const still = [...(chromiumFound() ? [] : ['chromium']), ...(nginxFound() ? [] : ['nginx'])];
if (still.length > 0) {
  console.error(`pretest: ${still.join(' and ')} did not install; run: sudo ${command}`);
  process.exit(1);
}
console.log('pretest: ready');

function chromiumFound() {
  const fromEnv = process.env.CHROMIUM_PATH;
  if (fromEnv) {
    if (isExecutable(fromEnv)) return true;
    console.error(`CHROMIUM_PATH is set to ${fromEnv}, but there is no executable there.`);
    process.exit(1);
  }
  return isExecutable(DEBIAN_CHROMIUM) || playwrightChromiumFound();
}

/** Playwright's own browser, for users whose network lets Playwright download it. */
function playwrightChromiumFound() {
  const probe = spawnSync(
    process.execPath,
    [
      '--input-type=module',
      '-e',
      "import { chromium } from '@playwright/test'; console.log(chromium.executablePath())",
    ],
    { encoding: 'utf8' },
  );
  const file = probe.stdout?.trim();
  return probe.status === 0 && Boolean(file) && existsSync(file);
}

function nginxFound() {
  const dirs = [...(process.env.PATH ?? '').split(path.delimiter).filter(Boolean), ...NGINX_DIRS];
  return dirs.some((dir) => isExecutable(path.join(dir, 'nginx')));
}

function canInstall() {
  return process.getuid?.() === 0 && spawnSync('apt-get', ['--version']).status === 0;
}

function isExecutable(file) {
  try {
    accessSync(file, constants.X_OK);
    return true;
  } catch {
    return false;
  }
}

function run(cmd, args, env, { allowFailure = false } = {}) {
  const result = spawnSync(cmd, args, { stdio: ['ignore', 'ignore', 'inherit'], env });
  if (result.status !== 0 && !allowFailure) {
    console.error(`pretest: \`${cmd} ${args.join(' ')}\` failed; run: sudo ${command}`);
    process.exit(1);
  }
}
