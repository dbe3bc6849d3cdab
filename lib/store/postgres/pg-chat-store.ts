import type { ChatMessage } from '@/lib/protocol';
import {
  type ChatAppendInput,
  type ChatAppendResult,
  type ChatChangeResult,
  type ChatStore,
  isSystemSender,
  type RoomMessage,
} from '@/lib/store/chat-store';
import type { StoreStatus } from '@/lib/store/store-status';
import { announceChange } from './pg-change-listener';
import { HINT_PREFIX } from './pg-cluster-hints';
import type { PgConnection, SqlRunner } from './pg-connection';
import { ADVISORY_LOCK } from './pg-locks';

type ChatRow = {
  id: number;
  name: string;
  text: string;
  ts: number;
  clientMsgId: string | null;
  editedAt: number | null;
  sender: string;
  room: string;
};
const COLUMNS =
  'id, name, text, ts, client_msg_id AS "clientMsgId", edited_at AS "editedAt", sender, room';

/**
 * The PostgreSQL engine of {@link ChatStore}. An insert takes `pg_advisory_xact_lock(chat)` and
 * takes the next id in that lock, so ids follow commit order on every instance (a `since`
 * cursor never skips a message that commits late) and a failed insert leaves no gap. The same
 * sender's `clientMsgId` is deduplicated by the unique key (`ON CONFLICT DO NOTHING`): two
 * instances sent it at once store one row and both answer with it. A stored message is
 * announced (`c:<id>`, ./pg-cluster-hints.ts) in its transaction.
 */
export class PgChatStore implements ChatStore {
  readonly #db: PgConnection;
  readonly #status: StoreStatus;

  constructor(db: PgConnection, status: StoreStatus) {
    this.#db = db;
    this.#status = status;
  }

  append(input: ChatAppendInput): Promise<ChatAppendResult> {
    const clientMsgId = input.clientMsgId ?? null;
    return this.#status.write('the message was not stored', () =>
      this.#db.transaction('write', async (tx): Promise<ChatAppendResult> => {
        await tx.query('SELECT pg_advisory_xact_lock($1)', [ADVISORY_LOCK.chat]);
        const inserted = await tx.query<ChatRow>(
          `INSERT INTO chat_messages (id, sender, name, text, ts, client_msg_id, room)
           SELECT COALESCE(MAX(id), 0) + 1, $1, $2, $3, $4, $5, $6 FROM chat_messages
           ON CONFLICT (sender, client_msg_id) DO NOTHING
           RETURNING ${COLUMNS}`,
          [input.sender, input.name, input.text, input.ts ?? Date.now(), clientMsgId, input.room],
        );
        const row = inserted.rows[0];
        if (row) {
          // Delivered at the commit: every instance's chat tail reads the message then.
          await announceChange(tx, `${HINT_PREFIX.chat}${row.id}`);
          return { message: toMessage(row), duplicate: false };
        }
        const existing = await tx.query<ChatRow>(
          `SELECT ${COLUMNS} FROM chat_messages WHERE sender = $1 AND client_msg_id = $2`,
          [input.sender, clientMsgId],
        );
        const first = existing.rows[0];
        if (!first) throw new Error('chat insert stored no row and found no duplicate');
        return { message: toMessage(first), duplicate: true };
      }),
    );
  }

  edit(
    room: string,
    id: number,
    sender: string,
    text: string,
    editedAt: number,
  ): Promise<ChatChangeResult<ChatMessage>> {
    return this.#status.write('the edit was not stored', () =>
      this.#db.transaction('write', async (tx): Promise<ChatChangeResult<ChatMessage>> => {
        const { rows } = await tx.query<ChatRow>(
          `UPDATE chat_messages SET text = $3, edited_at = $4
           WHERE id = $1 AND sender = $2 AND deleted_at IS NULL AND room = $5
           RETURNING ${COLUMNS}`,
          [id, sender, text, editedAt, room],
        );
        const row = rows[0];
        if (row) return { ok: true, value: toMessage(row) };
        return { ok: false, reason: await refusal(tx, room, id) };
      }),
    );
  }

  remove(room: string, id: number, sender: string): Promise<ChatChangeResult<number>> {
    return this.#status.write('the message was not deleted', () =>
      this.#db.transaction('write', async (tx): Promise<ChatChangeResult<number>> => {
        const { rows } = await tx.query<{ id: number }>(
          `UPDATE chat_messages SET text = '', deleted_at = $3
           WHERE id = $1 AND sender = $2 AND deleted_at IS NULL AND room = $4 RETURNING id`,
          [id, sender, Date.now(), room],
        );
        if (rows[0]) return { ok: true, value: id };
        return { ok: false, reason: await refusal(tx, room, id) };
      }),
    );
  }

  async before(
    room: string,
    beforeId: number | undefined,
    limit: number,
  ): Promise<{ messages: ChatMessage[]; hasMore: boolean }> {
    const { rows } = await this.#db.query<ChatRow>(
      `SELECT ${COLUMNS} FROM chat_messages WHERE room = $3 AND id < $1 AND deleted_at IS NULL
       ORDER BY id DESC LIMIT $2`,
      [beforeId ?? Number.MAX_SAFE_INTEGER, limit + 1, room],
    );
    const hasMore = rows.length > limit;
    return { messages: rows.slice(0, limit).reverse().map(toMessage), hasMore };
  }

  async recent(room: string, limit: number): Promise<ChatMessage[]> {
    const { rows } = await this.#db.query<ChatRow>(
      `SELECT ${COLUMNS} FROM chat_messages WHERE room = $2 AND deleted_at IS NULL
       ORDER BY id DESC LIMIT $1`,
      [limit, room],
    );
    return rows.reverse().map(toMessage);
  }

  async after(
    room: string,
    afterId: number,
    limit: number,
  ): Promise<{ messages: ChatMessage[]; truncated: boolean }> {
    const { rows } = await this.#db.query<ChatRow>(
      `SELECT ${COLUMNS} FROM chat_messages WHERE room = $3 AND id > $1 AND deleted_at IS NULL
       ORDER BY id DESC LIMIT $2`,
      [afterId, limit + 1, room],
    );
    const truncated = rows.length > limit;
    return { messages: rows.slice(0, limit).reverse().map(toMessage), truncated };
  }

  async newestId(): Promise<number> {
    const { rows } = await this.#db.query<{ id: number | null }>(
      'SELECT MAX(id) AS id FROM chat_messages',
    );
    return rows[0]?.id ?? 0;
  }

  async tail(afterId: number, limit: number): Promise<RoomMessage[]> {
    const { rows } = await this.#db.query<ChatRow & { deleted: boolean }>(
      `SELECT ${COLUMNS}, deleted_at IS NOT NULL AS deleted FROM chat_messages
       WHERE id > $1 ORDER BY id LIMIT $2`,
      [afterId, limit],
    );
    return rows.map((row) => ({
      ...toMessage(row),
      room: row.room,
      ...(row.deleted ? { deleted: true as const } : {}),
    }));
  }
}

function toMessage(row: ChatRow): ChatMessage {
  const message: ChatMessage = { id: row.id, name: row.name, text: row.text, ts: row.ts };
  if (row.clientMsgId !== null) message.clientMsgId = row.clientMsgId;
  if (row.editedAt !== null) message.editedAt = row.editedAt;
  if (isSystemSender(row.sender)) message.system = true;
  return message;
}

/** Why an update matched no row: the message is gone, or another sender wrote it. */
async function refusal(
  tx: SqlRunner,
  room: string,
  id: number,
): Promise<'not_found' | 'forbidden'> {
  const { rows } = await tx.query<{ id: number }>(
    'SELECT id FROM chat_messages WHERE id = $1 AND room = $2 AND deleted_at IS NULL',
    [id, room],
  );
  return rows[0] ? 'forbidden' : 'not_found';
}
