// Starts ./range-worker.ts from source (vitest, `npm run dev`, scripts run with tsx). Node 20
// does not apply tsx's `--import` hooks to a worker thread's entry, so the worker registers
// tsx itself (as bin/pulseboard.mjs does) and imports the TypeScript module through it. The
// production build runs dist/range-worker.mjs instead (see range-worker-pool.ts).
import { fileURLToPath } from 'node:url';
import { register } from 'tsx/esm/api';

const tsx = register({
  namespace: 'pulseboard-range-worker',
  tsconfig: fileURLToPath(new URL('../../../tsconfig.json', import.meta.url)),
});
await tsx.import('./range-worker.ts', import.meta.url);
