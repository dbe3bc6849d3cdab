import path from 'node:path';
import { defineConfig } from 'vitest/config';

/**
 * Unit tests: `*.test.ts` beside each module, and the store contract suite (tests/store-contract)
 * run on every engine. Integration and e2e have their own configs.
 */
export default defineConfig({
  resolve: { alias: { '@': path.resolve(import.meta.dirname) } },
  test: {
    include: ['{lib,db,app,scripts,bench}/**/*.test.ts', 'tests/store-contract/**/*.test.ts'],
    environment: 'node',
    testTimeout: 10_000,
  },
});
