import { z } from 'zod';
import { CHAT_CLIENT_MSG_ID_MAX_CHARS, CHAT_TEXT_MAX_CHARS } from './limits';
import './zod-csp';

/** Wire types of `/ws/chat`. See docs/protocol.md. */

export type ChatMessage = {
  id: number;
  name: string;
  text: string;
  ts: number;
  clientMsgId?: string;
  /** When the author last edited it, in Unix milliseconds; absent when never edited. */
  editedAt?: number;
  /** Sent by the server itself (author SYSTEM_AUTHOR): nobody may edit or delete it. */
  system?: true;
};

/** Error codes sent in `{"type":"error"}` frames. */
export const ChatErrorCode = {
  InvalidJson: 'invalid_json',
  UnknownType: 'unknown_type',
  InvalidFrame: 'invalid_frame',
  RateLimited: 'rate_limited',
  /** A server hook (pulseboard.config.ts) refused the message; nothing was stored. */
  MessageRejected: 'message_rejected',
  /** The server's storage is full; the message was not stored. */
  StoreFull: 'store_full',
  /** The database cannot be written (read-only file); the message was not stored. */
  StoreReadOnly: 'store_read_only',
  /** The database cannot be written (an I/O error, or the PostgreSQL server is away); the message was not stored. */
  StoreUnavailable: 'store_unavailable',
  /** Another writer held the database past the busy timeout; the message was not stored. */
  StoreBusy: 'store_busy',
  /** The name is held by another identity (a live connection or its hold window); close 4409. */
  NameTaken: 'name_taken',
  /** Editing or deleting a message of another identity, or writing before choosing a name. */
  Forbidden: 'forbidden',
  /** Editing or deleting a message that does not exist (or was deleted). */
  NotFound: 'not_found',
  Internal: 'internal_error',
} as const;
export type ChatErrorCode = (typeof ChatErrorCode)[keyof typeof ChatErrorCode];

const messageFrame = z.object({
  type: z.literal('message'),
  text: z
    .string()
    .transform((s) => s.trim())
    .pipe(z.string().min(1, 'text is empty').max(CHAT_TEXT_MAX_CHARS)),
  clientMsgId: z.string().min(1).max(CHAT_CLIENT_MSG_ID_MAX_CHARS).optional(),
});
const typingFrame = z.object({ type: z.literal('typing') });
const messageId = z.number().int().positive().max(Number.MAX_SAFE_INTEGER);
const editFrame = z.object({
  type: z.literal('edit'),
  id: messageId,
  text: z
    .string()
    .transform((s) => s.trim())
    .pipe(z.string().min(1, 'text is empty').max(CHAT_TEXT_MAX_CHARS)),
});
const deleteFrame = z.object({ type: z.literal('delete'), id: messageId });

/** Frames a client may send. */
export const clientFrameSchema = z.discriminatedUnion('type', [
  messageFrame,
  typingFrame,
  editFrame,
  deleteFrame,
]);
export type ClientFrame = z.infer<typeof clientFrameSchema>;

export type ServerFrame =
  | {
      type: 'welcome';
      connectionId: string;
      name: string;
      history: ChatMessage[];
      online: string[];
      onlineCount: number;
      historyTruncated?: boolean;
      /** The socket's room, when it is not `general` (absent there, as before rooms). */
      room?: string;
    }
  | ({ type: 'message' } & ChatMessage)
  | { type: 'ack'; clientMsgId: string | null; id: number; ts: number }
  | { type: 'typing'; name: string }
  | { type: 'message_edited'; id: number; text: string; editedAt: number }
  | { type: 'message_deleted'; id: number }
  | { type: 'presence'; joined: string[]; left: string[]; onlineCount: number }
  | { type: 'error'; code: ChatErrorCode; message: string };

export type ParseResult =
  | { ok: true; frame: ClientFrame }
  | { ok: false; code: ChatErrorCode; message: string };

const KNOWN_TYPES: ReadonlySet<string> = new Set(['message', 'typing', 'edit', 'delete']);

/** Parses one text frame from a client; never throws. */
export function parseClientFrame(raw: string): ParseResult {
  let value: unknown;
  try {
    value = JSON.parse(raw);
  } catch {
    return { ok: false, code: ChatErrorCode.InvalidJson, message: 'frame is not valid JSON' };
  }
  if (typeof value !== 'object' || value === null || Array.isArray(value)) {
    return { ok: false, code: ChatErrorCode.InvalidFrame, message: 'frame must be a JSON object' };
  }
  const type = (value as { type?: unknown }).type;
  if (typeof type !== 'string' || !KNOWN_TYPES.has(type)) {
    return {
      ok: false,
      code: ChatErrorCode.UnknownType,
      message: `unknown frame type ${JSON.stringify(type ?? null)}; expected "message", "typing", "edit" or "delete"`,
    };
  }
  const parsed = clientFrameSchema.safeParse(value);
  if (!parsed.success) {
    const issue = parsed.error.issues[0];
    const where = issue?.path.join('.') || 'frame';
    return {
      ok: false,
      code: ChatErrorCode.InvalidFrame,
      message: `${where}: ${issue?.message ?? 'invalid'}`,
    };
  }
  return { ok: true, frame: parsed.data };
}
