import { createHash } from 'node:crypto';

/**
 * Who sends a chat message: the scope of its `clientMsgId` (a repeat of a key by the same
 * sender is answered with the first ack; the same key from another sender is another message).
 * One string, stored with the message and never sent to clients, with a prefix per kind of
 * identity so that a new kind (issue 13's per-tab `?key=`) slots in beside the others:
 *
 * - `user:<name>`: the session user (access control on); the name is the session's.
 * - `name:<name>`: without access control, the name the connection claims (`?name=`) without a
 *   key. Two such sockets claiming one name are one sender.
 * - `key:<digest>`: without access control, a connection with an identity key (`?key=`, one per
 *   browser tab): a digest of the key, so the stored sender never reveals the key itself.
 *
 * Messages stored before senders existed carry `name:<name>` (drizzle/0006).
 */
export type ChatSender = `user:${string}` | `name:${string}` | `key:${string}`;

/** The sender of a signed-in session user. */
export function sessionUserSender(name: string): ChatSender {
  return `user:${name}`;
}

/** The sender of a connection that only claims a name (access control off). */
export function claimedNameSender(name: string): ChatSender {
  return `name:${name}`;
}

/** The sender of a connection with an identity key (access control off): a digest of the key. */
export function identityKeySender(key: string): ChatSender {
  return `key:${createHash('sha256').update(key).digest('base64url').slice(0, 32)}`;
}
