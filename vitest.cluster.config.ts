import { fileURLToPath } from 'node:url';
import { defineConfig } from 'vitest/config';

/**
 * `npm run test:cluster`: the multi-instance tests of issue 12 (three instances over one
 * throwaway PostgreSQL; tests/integration/cluster-*.test.ts) at full size: more writers,
 * batches and readers. Every loop is bounded by a count: the run stops by itself. Not part of
 * `npm test`, which runs the same files small. Same setup as vitest.integration.config.ts (one
 * file at a time, the production build: run `npm run build` first).
 */
export default defineConfig({
  resolve: { alias: { '@': fileURLToPath(new URL('.', import.meta.url)) } },
  test: {
    include: ['tests/integration/cluster-*.test.ts'],
    env: {
      CLUSTER_WRITERS_PER_INSTANCE: '4',
      CLUSTER_BATCHES_PER_WRITER: '150',
      CLUSTER_BATCH_SIZE: '10',
      CLUSTER_READERS_PER_INSTANCE: '10',
    },
    globalSetup: ['tests/integration/helpers/global-setup.ts'],
    pool: 'forks',
    fileParallelism: false,
    maxWorkers: 1,
    testTimeout: 600_000,
    hookTimeout: 180_000,
    teardownTimeout: 60_000,
  },
});
