import type { IncomingMessage } from 'node:http';
import type { Duplex } from 'node:stream';
import { pathOf } from './path-of';
import { rejectUpgrade } from './reject-upgrade';

type UpgradeHandler = (request: IncomingMessage, socket: Duplex, head: Buffer) => void;

/**
 * The one `upgrade` listener: the chat path goes to the chat server, Next's own paths
 * (`/_next/…`, the HMR socket) to Next in development, and anything else gets 404 instead of
 * hanging (Next leaves upgrades it does not serve unanswered).
 */
export function createUpgradeRouter(routes: {
  chatPath: string;
  /** Next answers `/_next/` upgrades (HMR) only in development; in production they get 404. */
  dev: boolean;
  chat: UpgradeHandler;
  next: UpgradeHandler;
}): UpgradeHandler {
  return (request, socket, head) => {
    const path = pathOf(request.url);
    if (path === routes.chatPath) return routes.chat(request, socket, head);
    if (routes.dev && path.startsWith('/_next/')) return routes.next(request, socket, head);
    rejectUpgrade(socket, 404, 'not_found', `no WebSocket endpoint at ${path}`);
  };
}
