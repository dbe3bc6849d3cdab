import { fileURLToPath } from 'node:url';
import { defineConfig } from 'vitest/config';

/**
 * `npm run test:stress`: the long integration tests at full size (10,000 connects and
 * disconnects of each kind; 100 + 100 stalled readers). Not part of `npm test`, which runs the
 * same files with smaller counts. Same setup as vitest.integration.config.ts (one server at a
 * time, the production build: run `npm run build` first).
 */
export default defineConfig({
  resolve: { alias: { '@': fileURLToPath(new URL('.', import.meta.url)) } },
  test: {
    include: ['tests/integration/churn.test.ts', 'tests/integration/slow-readers.test.ts'],
    env: { CHURN_COUNT: '10000', SLOW_READERS_PER_KIND: '100' },
    globalSetup: ['tests/integration/helpers/global-setup.ts'],
    pool: 'forks',
    fileParallelism: false,
    maxWorkers: 1,
    testTimeout: 600_000,
    hookTimeout: 60_000,
    teardownTimeout: 20_000,
  },
});
