import { WebSocketServer } from 'ws';
import type { UpgradeRoute } from '@/lib/http/route';
import { CHAT_FRAME_MAX_BYTES } from '@/lib/protocol';
import { type ChatRouteDeps, chatUpgradeRoute } from './chat-upgrade';

/**
 * The chat's WebSocket server (no server of its own: the HTTP server's one `upgrade` listener
 * hands it `/ws/chat`), its upgrade route, and how to cut every socket at the end of a
 * shutdown. The hub answers pings itself, after the frames read before them (see ChatHub).
 */
export function chatSocketServer(deps: Omit<ChatRouteDeps, 'wss'>): {
  route: UpgradeRoute;
  /** Terminates every socket still open and closes the server (after the drain). */
  terminateAll(): void;
} {
  const wss = new WebSocketServer({
    noServer: true,
    maxPayload: CHAT_FRAME_MAX_BYTES,
    autoPong: false,
  });
  return {
    route: chatUpgradeRoute({ ...deps, wss }),
    terminateAll() {
      for (const client of wss.clients) client.terminate();
      wss.close();
    },
  };
}
