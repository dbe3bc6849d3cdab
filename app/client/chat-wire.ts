import {
  CHAT_FRAME_MAX_BYTES,
  CHAT_TEXT_MAX_CHARS,
  type ClientFrame,
  GENERAL_ROOM,
  type ServerFrame,
} from '@/lib/protocol';

/** The chat endpoint. */
export const CHAT_PATH = '/ws/chat';

/**
 * Who a socket joins as: a name with this tab's identity key, or a reader without a name; in
 * `room` (a board's slug; `general` when absent).
 */
export type ChatJoinAs = ({ name: string; key?: string | undefined } | { reader: true }) & {
  room?: string | undefined;
};

/**
 * The chat socket URL on the page's own origin, resuming after message `since`; `room` is
 * named only when it is not `general` (the URL of `general` is the one it always was).
 */
export function chatUrl(
  location: { protocol: string; host: string },
  join: ChatJoinAs,
  since: number | undefined,
): string {
  const scheme = location.protocol === 'https:' ? 'wss' : 'ws';
  const params = new URLSearchParams();
  if ('reader' in join) params.set('read', '1');
  else {
    params.set('name', join.name);
    if (join.key !== undefined) params.set('key', join.key);
  }
  if (since !== undefined) params.set('since', String(since));
  if (join.room !== undefined && join.room !== GENERAL_ROOM) params.set('room', join.room);
  return `${scheme}://${location.host}${CHAT_PATH}?${params}`;
}

/**
 * The tab-sharing scope of a chat identity `scope` in `room` (see SharedChat.connect): tabs share
 * one socket only within one room. `general` keeps the scopes it always had.
 */
export function roomScope(scope: string, room: string | undefined): string {
  return room === undefined || room === GENERAL_ROOM ? scope : `${scope}@${room}`;
}

/**
 * Serialises a message frame, or explains why it cannot be sent: empty, longer than
 * CHAT_TEXT_MAX_CHARS, or a frame over CHAT_FRAME_MAX_BYTES (the server would close with 1009).
 */
export function encodeMessageFrame(
  text: string,
  clientMsgId: string,
): { ok: true; data: string } | { ok: false; reason: string } {
  const trimmed = text.trim();
  if (trimmed === '') return { ok: false, reason: 'Type a message first.' };
  if (trimmed.length > CHAT_TEXT_MAX_CHARS) {
    return { ok: false, reason: `Messages are limited to ${CHAT_TEXT_MAX_CHARS} characters.` };
  }
  const frame: ClientFrame = { type: 'message', text: trimmed, clientMsgId };
  const data = JSON.stringify(frame);
  if (new TextEncoder().encode(data).byteLength > CHAT_FRAME_MAX_BYTES) {
    return { ok: false, reason: 'This message is too large to send.' };
  }
  return { ok: true, data };
}

/** Serialises an edit of message `id`, or explains why it cannot be sent (as a message). */
export function encodeEditFrame(
  id: number,
  text: string,
): { ok: true; data: string } | { ok: false; reason: string } {
  const checked = encodeMessageFrame(text, 'edit');
  if (!checked.ok) return checked;
  const frame: ClientFrame = { type: 'edit', id, text: text.trim() };
  return { ok: true, data: JSON.stringify(frame) };
}

/** The part of Web Crypto that newClientMsgId uses. */
export type RandomSource = {
  getRandomValues(bytes: Uint8Array<ArrayBuffer>): Uint8Array<ArrayBuffer>;
  randomUUID?: () => string;
};

/**
 * A fresh clientMsgId. `crypto.randomUUID` exists only in secure contexts (HTTPS, localhost),
 * and a self-hosted board is often opened over plain HTTP on a LAN, so fall back to a v4 UUID
 * built from `crypto.getRandomValues`, which every context has.
 */
export function newClientMsgId(source: RandomSource = crypto): string {
  if (typeof source.randomUUID === 'function') return source.randomUUID();
  const bytes = source.getRandomValues(new Uint8Array(16));
  bytes[6] = ((bytes[6] as number) & 0x0f) | 0x40;
  bytes[8] = ((bytes[8] as number) & 0x3f) | 0x80;
  const hex = Array.from(bytes, (b) => b.toString(16).padStart(2, '0')).join('');
  return `${hex.slice(0, 8)}-${hex.slice(8, 12)}-${hex.slice(12, 16)}-${hex.slice(16, 20)}-${hex.slice(20)}`;
}

const SERVER_FRAME_TYPES: ReadonlySet<string> = new Set([
  'welcome',
  'message',
  'ack',
  'typing',
  'presence',
  'message_edited',
  'message_deleted',
  'error',
]);

/** Parses a server frame; undefined for anything that is not a known frame. */
export function parseServerFrame(data: unknown): ServerFrame | undefined {
  if (typeof data !== 'string') return undefined;
  try {
    const value: unknown = JSON.parse(data);
    if (typeof value !== 'object' || value === null) return undefined;
    const type = (value as { type?: unknown }).type;
    return typeof type === 'string' && SERVER_FRAME_TYPES.has(type)
      ? (value as ServerFrame)
      : undefined;
  } catch {
    return undefined;
  }
}
