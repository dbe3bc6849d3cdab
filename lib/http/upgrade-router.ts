import type { IncomingMessage } from 'node:http';
import type { Duplex } from 'node:stream';
import { rejectUpgrade } from './reject-upgrade';

type UpgradeHandler = (request: IncomingMessage, socket: Duplex, head: Buffer) => void;

/**
 * The one `upgrade` listener: the chat path goes to the chat server, Next's own paths
 * (`/_next/…`, the dev HMR socket) to Next, and anything else gets 404 instead of hanging.
 */
export function createUpgradeRouter(routes: {
  chatPath: string;
  chat: UpgradeHandler;
  next: UpgradeHandler;
}): UpgradeHandler {
  return (request, socket, head) => {
    const path = (request.url ?? '/').split('?')[0];
    if (path === routes.chatPath) return routes.chat(request, socket, head);
    if (path?.startsWith('/_next/')) return routes.next(request, socket, head);
    rejectUpgrade(socket, 404, 'not_found', `no WebSocket endpoint at ${path}`);
  };
}
