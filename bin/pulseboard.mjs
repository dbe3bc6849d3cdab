#!/usr/bin/env node
// The `pulseboard` bin: plain JavaScript so that Node 20 runs it without a build. It registers
// tsx's loader in a namespace of its own (only imports made through it are compiled) and
// runs bin/pulseboard.ts, whatever the current directory.
import { fileURLToPath } from 'node:url';
import { register } from 'tsx/esm/api';

const tsx = register({
  namespace: 'pulseboard-cli',
  tsconfig: fileURLToPath(new URL('../tsconfig.json', import.meta.url)),
});
await tsx.import('./pulseboard.ts', import.meta.url);
