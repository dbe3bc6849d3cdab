/**
 * Runs before `npm test` (the `pretest` script): makes sure the system programs the test layers
 * need are on this machine, so that no layer fails or is skipped for want of a binary
 * (scripts/test-deps.ts lists them). As root with apt-get, what is missing is installed from
 * Debian's packages; otherwise this stops at once with the exact command to run.
 * Exit codes: 0 ready, 1 missing (npm test then stops before lint).
 */
import { type StdioOptions, spawnSync } from 'node:child_process';
import { findPostgresBin } from '@/lib/testing/postgres-cluster';
import {
  findChromium,
  findProgram,
  type Plan,
  type Probe,
  planTestDeps,
  SYSTEM_DEPS,
  type SystemDep,
} from './test-deps';

process.exitCode = (await ensureTestDeps()) ? 0 : 1;

async function ensureTestDeps(): Promise<boolean> {
  const plan = planTestDeps(await probe());
  if (plan.action === 'ready') return true;
  if (plan.action === 'stop') {
    console.error(plan.message);
    return false;
  }
  install(plan);
  const after = planTestDeps(await probe());
  if (after.action === 'ready') {
    console.log('pretest: ready');
    return true;
  }
  console.error(`pretest: ${plan.packages.join(', ')} did not install; run: ${plan.command}`);
  return false;
}

async function probe(): Promise<Probe> {
  const chromium = await findChromium(process.env.CHROMIUM_PATH, playwrightChromium);
  const missing: SystemDep[] = [
    ...(chromium.found ? [] : [SYSTEM_DEPS.chromium]),
    ...(findProgram('nginx') ? [] : [SYSTEM_DEPS.nginx]),
    ...(findProgram('chattr') ? [] : [SYSTEM_DEPS.chattr]),
    ...(findProgram('prometheus-node-exporter') ? [] : [SYSTEM_DEPS['prometheus-node-exporter']]),
    ...(findPostgresBin() ? [] : [SYSTEM_DEPS.postgresql]),
  ];
  return {
    missing,
    isRoot: process.getuid?.() === 0,
    hasAptGet: findProgram('apt-get') !== undefined,
    ...(chromium.found ? {} : { badChromiumPath: chromium.badChromiumPath }),
  };
}

/** Playwright's own browser, for users whose network let `npx playwright install` fetch it. */
async function playwrightChromium(): Promise<string | undefined> {
  try {
    const { chromium } = await import('@playwright/test');
    return chromium.executablePath();
  } catch {
    return undefined;
  }
}

/** Installs the plan's packages with apt-get (this process is root). */
function install(plan: Extract<Plan, { action: 'install' }>): void {
  console.log(`pretest: installing ${plan.packages.join(', ')} (Debian packages): ${plan.command}`);
  const env = { ...process.env, DEBIAN_FRONTEND: 'noninteractive' };
  // apt's and dpkg's progress lines are noise here; their errors are shown.
  const stdio: StdioOptions = ['ignore', 'ignore', 'inherit'];
  spawnSync('apt-get', ['update', '-qq'], { stdio, env });
  // nginx's package may fail to start its default site (port 80 taken): only the binary
  // matters, so the install is judged by a new probe, not by apt-get's exit code.
  spawnSync('apt-get', ['install', '-y', '-qq', ...plan.packages], { stdio, env });
  if (plan.packages.includes('nginx')) spawnSync('service', ['nginx', 'stop'], { stdio: 'ignore' });
  // The same for node_exporter's own service (port 9100): the test starts its own on a free port.
  if (plan.packages.includes('prometheus-node-exporter'))
    spawnSync('service', ['prometheus-node-exporter', 'stop'], { stdio: 'ignore' });
  // Debian starts a default cluster on port 5432; the tests start throwaway clusters of their own.
  if (plan.packages.includes('postgresql')) {
    spawnSync('service', ['postgresql', 'stop'], { stdio: 'ignore' });
  }
}
