import { defineConfig } from 'vitest/config';
import integration from './vitest.integration.config';

/**
 * `npm run test:stress`: the long integration tests at full size (10,000 connects and
 * disconnects of each kind; 100 + 100 stalled readers). Not part of `npm test`, which runs the
 * same files with smaller counts. Needs `npm run build` first, like the integration tests.
 */
export default defineConfig({
  ...integration,
  test: {
    ...integration.test,
    include: ['tests/integration/churn.test.ts', 'tests/integration/slow-readers.test.ts'],
    env: { CHURN_COUNT: '10000', SLOW_READERS_PER_KIND: '100' },
    testTimeout: 600_000,
  },
});
