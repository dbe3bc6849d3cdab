import type { PulseboardHooks } from '../hook-types';

/**
 * IRC's `/me`: a message `/me waves` is stored and shown as `* ada waves`.
 * A bare `/me` is rejected with a hint rather than stored as an empty action.
 */
export function meCommand(): PulseboardHooks {
  return {
    name: 'me-command',
    onMessage(ctx, { text }) {
      if (text !== '/me' && !text.startsWith('/me ')) return undefined;
      const action = text.slice(3).trim();
      if (action === '') return { reject: 'say what you do: /me <action>' };
      return { text: `* ${ctx.name} ${action}` };
    },
  };
}
