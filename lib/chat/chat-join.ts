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
  /** Watches without a name (`?read=1`): not online, may not send (issue 13). */
  reader?: boolean;
};
