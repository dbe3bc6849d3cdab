import { randomUUID } from 'node:crypto';
import type { WebSocket } from 'ws';
import { GENERAL_ROOM } from '@/lib/protocol';
import { ChatConnection, type ChatStats } from './chat-connection';
import type { ChatSender } from './chat-sender';

/** What a chat socket joins with, from its upgrade request (./chat-upgrade.ts). */
export type ChatJoin = {
  name: string;
  since?: number;
  remoteAddress?: string;
  /** The scope of the socket's clientMsgIds (./chat-sender.ts); default `name:<name>`. */
  sender?: ChatSender;
  /** The identity key (`?key=`), turned into `sender` by the upgrade. */
  key?: string;
  /** The chat room (`?room=`): `general` (the default) or an existing board's slug. */
  room?: string;
  /** Watches without a name (`?read=1`): not online, may not send (issue 13). */
  reader?: boolean;
};

/** A new connection of `socket` joined with `join`: frames held until its welcome. */
export function connectionOf(socket: WebSocket, join: ChatJoin, stats: ChatStats): ChatConnection {
  const conn = new ChatConnection(
    randomUUID(),
    join.name,
    socket,
    join.remoteAddress,
    stats,
    join.sender,
    join.room ?? GENERAL_ROOM,
  );
  conn.holdUntilWelcome();
  conn.reader = join.reader === true;
  return conn;
}
