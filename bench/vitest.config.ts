import path from 'node:path';
import { defineConfig } from 'vitest/config';

/**
 * Unit tests of the bench itself (`bench/*.test.ts`): `npx vitest run --config
 * bench/vitest.config.ts`. The project's unit config covers lib, db and app only.
 */
export default defineConfig({
  resolve: { alias: { '@': path.resolve(import.meta.dirname, '..') } },
  test: {
    root: path.resolve(import.meta.dirname, '..'),
    include: ['bench/**/*.test.ts'],
    environment: 'node',
    testTimeout: 20_000,
  },
});
