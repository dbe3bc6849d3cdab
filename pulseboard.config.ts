/**
 * Pulseboard's extension point, loaded by server.ts (rebuild with `npm run build` after a
 * change in production). Each hook may implement any of onOpen, onMessage, onClose, onError
 * (chat) and onStreamOpen, onStreamClose (SSE): see lib/hooks/hook-types.ts.
 */
import { meCommand } from './lib/hooks/examples/me-command';
import type { PulseboardConfig } from './lib/hooks/hook-types';

const config: PulseboardConfig = {
  hooks: [meCommand()],
};

export default config;
