import { BOARD_SLUG_PATTERN, isRoomName } from '@/lib/protocol';
import type { ClusterHint } from '@/lib/store/cluster-store';

/**
 * The NOTIFY payloads of the cluster hints (ids and versions only, never content: NOTIFY caps
 * a payload at 8000 bytes, a chat message may be 8 KiB). Samples and deletions have their own
 * (`s:<seq>`, `d:<id>`, ./pg-change-listener.ts).
 *
 * - `c:<id>` chat message `id` committed;
 * - `m:<instance>:<room>:<id>` message `id` of `room` edited or deleted on `<instance>`;
 * - `p:<version>` an instance's presence version; `l:<version>` a saved layout version;
 * - `a:<id>` annotation `id` stored;
 * - `g:<room>` the board of chat room `<room>` was deleted (a slug: no `:`, at most 48 bytes);
 * - `t:<instance>:<room>:<name>` typing in a room (neither an instance token nor a room has a
 *   `:`; a name may). The one hint with content: a chat name is at most 32
 *   characters (128 bytes), never stored (nothing to read back), and a lost one costs nothing;
 *   storing it would be a write and a read per typing frame. `<instance>` lets its sender skip
 *   its own.
 */
export const HINT_PREFIX = {
  chat: 'c:',
  messageChanged: 'm:',
  presence: 'p:',
  layout: 'l:',
  typing: 't:',
  roomGone: 'g:',
  annotation: 'a:',
} as const;

/** A parsed cluster hint and the instance it came from (typing only), or undefined. */
export function parseClusterHint(
  payload: string,
): { hint: ClusterHint; from?: string } | undefined {
  const kind = payload.slice(0, 2);
  const rest = payload.slice(2);
  if (kind === HINT_PREFIX.typing) {
    const at = rest.indexOf(':');
    const roomEnd = rest.indexOf(':', at + 1);
    if (at <= 0 || roomEnd <= at + 1 || roomEnd === rest.length - 1) return undefined;
    const hint: ClusterHint = {
      kind: 'typing',
      room: rest.slice(at + 1, roomEnd),
      name: rest.slice(roomEnd + 1),
    };
    return { hint, from: rest.slice(0, at) };
  }
  if (kind === HINT_PREFIX.messageChanged) {
    const [from, room, id, ...more] = rest.split(':');
    if (more.length || !from || !room || !isRoomName(room) || !/^\d{1,15}$/.test(id ?? ''))
      return undefined;
    return { hint: { kind: 'message-changed', room, id: Number(id) }, from };
  }
  if (kind === HINT_PREFIX.roomGone) {
    return BOARD_SLUG_PATTERN.test(rest) ? { hint: { kind: 'room-gone', room: rest } } : undefined;
  }
  if (!/^\d{1,15}$/.test(rest)) return undefined;
  const n = Number(rest);
  if (kind === HINT_PREFIX.chat) return { hint: { kind: 'chat', id: n } };
  if (kind === HINT_PREFIX.presence) return { hint: { kind: 'presence' } };
  if (kind === HINT_PREFIX.layout) return { hint: { kind: 'layout', version: n } };
  if (kind === HINT_PREFIX.annotation) return { hint: { kind: 'annotation', id: n } };
  return undefined;
}

/** The hint of message `id` of `room` edited or deleted on `instance`. */
export function messageChangedHint(instance: string, room: string, id: number): string {
  return `${HINT_PREFIX.messageChanged}${instance}:${room}:${id}`;
}

/** The typing hint of `name` typing in `room` on `instance`. */
export function typingHint(instance: string, room: string, name: string): string {
  return `${HINT_PREFIX.typing}${instance}:${room}:${name}`;
}
