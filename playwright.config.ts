import os from 'node:os';
import path from 'node:path';
import { defineConfig } from '@playwright/test';
import { chromiumLaunchOptions } from './lib/testing/chromium-launch';

/**
 * End-to-end tests against the production build (`npm run build` first): the real server
 * (`node dist/server.mjs`, built by `npm run build`) on E2E_PORT with a fresh SQLite file and a fast collector.
 */

const PORT = Number(process.env.E2E_PORT ?? 3199);
const BASE_URL = `http://127.0.0.1:${PORT}`;
/** Collector period during the tests, in milliseconds: values change quickly on screen. */
const E2E_SAMPLE_INTERVAL_MS = 250;
/** Longest wait for the server to answer /api/health, in milliseconds. */
const SERVER_START_TIMEOUT_MS = 60_000;

// Computed once in the runner; workers inherit it through the environment.
process.env.PULSEBOARD_E2E_DIR ??= path.join(os.tmpdir(), `pulseboard-e2e-${process.pid}`);
const DATABASE_PATH = path.join(process.env.PULSEBOARD_E2E_DIR, 'db.sqlite');

export default defineConfig({
  testDir: './e2e',
  fullyParallel: false,
  workers: 1,
  retries: 0,
  reporter: 'list',
  timeout: 60_000,
  expect: { timeout: 10_000 },
  globalTeardown: './e2e/global-teardown.ts',
  use: {
    baseURL: BASE_URL,
    launchOptions: chromiumLaunchOptions(),
    trace: 'retain-on-failure',
  },
  webServer: {
    command: 'node dist/server.mjs',
    url: `${BASE_URL}/api/health`,
    reuseExistingServer: false,
    timeout: SERVER_START_TIMEOUT_MS,
    stdout: 'ignore',
    stderr: 'pipe',
    env: {
      NODE_ENV: 'production',
      NEXT_TELEMETRY_DISABLED: '1',
      PORT: String(PORT),
      HOST: '127.0.0.1',
      DATABASE_PATH,
      SAMPLE_INTERVAL_MS: String(E2E_SAMPLE_INTERVAL_MS),
    },
  },
});
