import { existsSync } from 'node:fs';
import { chromium, type LaunchOptions } from '@playwright/test';

/** Flags for a system Chromium in a container (no sandbox, no GPU, nothing phoning home). */
export const SYSTEM_CHROMIUM_ARGS = [
  '--no-sandbox',
  '--disable-gpu',
  '--disable-background-networking',
  '--disable-component-update',
  '--disable-sync',
  '--no-first-run',
];
/** Debian's Chromium (`apt-get install -y chromium`). */
export const DEBIAN_CHROMIUM = '/usr/bin/chromium';

/**
 * How to launch Chromium for the e2e tests and the page bench: CHROMIUM_PATH if set, else
 * Debian's /usr/bin/chromium, else Playwright's own download; a clear error when there is none.
 */
export function chromiumLaunchOptions(env = process.env): LaunchOptions {
  const fromEnv = env.CHROMIUM_PATH;
  if (fromEnv && !existsSync(fromEnv)) {
    throw new Error(`CHROMIUM_PATH is set to ${fromEnv}, but there is no file there.`);
  }
  const system = fromEnv || (existsSync(DEBIAN_CHROMIUM) ? DEBIAN_CHROMIUM : '');
  if (system) return { executablePath: system, args: SYSTEM_CHROMIUM_ARGS };
  if (existsSync(chromium.executablePath())) return {};
  throw new Error(
    'No Chromium found. Install one with `apt-get install -y chromium` (or set CHROMIUM_PATH ' +
      'to a Chromium binary), or run `npx playwright install chromium`.',
  );
}
