import type { ChatMessageRow } from '@/db/schema';
import type { ChatMessage } from '@/lib/protocol';
import {
  type ChatAppendInput,
  type ChatAppendResult,
  type ChatChangeResult,
  type ChatStore,
  isSystemSender,
  type RoomMessage,
} from '@/lib/store/chat-store';
import { StoreStatus } from '@/lib/store/store-status';
import { prepareChatQueries } from './chat-queries';
import type { Db } from './open-database';
import { sqliteFailureOf } from './sqlite-errors';

/** The SQLite engine of {@link ChatStore}. */
export class SqliteChatStore implements ChatStore {
  readonly #q: ReturnType<typeof prepareChatQueries>;
  readonly #db: Db;
  readonly #status: StoreStatus;

  /** `status` is shared with the other stores of the file: whether writes work (`/api/health`). */
  constructor(db: Db, status: StoreStatus = new StoreStatus(sqliteFailureOf)) {
    this.#db = db;
    this.#status = status;
    this.#q = prepareChatQueries(db);
  }

  async append(input: ChatAppendInput): Promise<ChatAppendResult> {
    const clientMsgId = input.clientMsgId ?? null;
    const run = this.#db.$client.transaction((): ChatAppendResult => {
      if (clientMsgId !== null) {
        const existing = this.#q.bySenderKey.get({ sender: input.sender, clientMsgId });
        if (existing) return { message: toMessage(existing), duplicate: true };
      }
      const row = this.#q.insert.get({
        room: input.room,
        sender: input.sender,
        name: input.name,
        text: input.text,
        ts: input.ts ?? Date.now(),
        clientMsgId,
      });
      if (!row) throw new Error('chat insert returned no row');
      return { message: toMessage(row), duplicate: false };
    });
    return this.#status.write('the message was not stored', async () => run.immediate());
  }

  async edit(
    room: string,
    id: number,
    sender: string,
    text: string,
    editedAt: number,
  ): Promise<ChatChangeResult<ChatMessage>> {
    const run = this.#db.$client.transaction((): ChatChangeResult<ChatMessage> => {
      const refused = this.#refusal(room, id, sender);
      if (refused) return refused;
      const row = this.#q.setText.get({ id, text, editedAt });
      if (!row) throw new Error('chat edit returned no row');
      return { ok: true, value: toMessage(row) };
    });
    return this.#status.write('the edit was not stored', async () => run.immediate());
  }

  async remove(room: string, id: number, sender: string): Promise<ChatChangeResult<number>> {
    const run = this.#db.$client.transaction((): ChatChangeResult<number> => {
      const refused = this.#refusal(room, id, sender);
      if (refused) return refused;
      this.#q.markDeleted.run({ id, deletedAt: Date.now() });
      return { ok: true, value: id };
    });
    return this.#status.write('the message was not deleted', async () => run.immediate());
  }

  async before(
    room: string,
    beforeId: number | undefined,
    limit: number,
  ): Promise<{ messages: ChatMessage[]; hasMore: boolean }> {
    const rows = this.#q.newestBefore.all({
      room,
      before: beforeId ?? Number.MAX_SAFE_INTEGER,
      limit: limit + 1,
    });
    const hasMore = rows.length > limit;
    return { messages: rows.slice(0, limit).reverse().map(toMessage), hasMore };
  }

  /** Why message `id` may not be changed by `sender`, or undefined when it may. */
  #refusal(room: string, id: number, sender: string): ChatChangeResult<never> | undefined {
    const row = this.#q.byId.get({ id, room });
    if (!row || row.deletedAt !== null) return { ok: false, reason: 'not_found' };
    if (row.sender !== sender) return { ok: false, reason: 'forbidden' };
    return undefined;
  }

  async recent(room: string, limit: number): Promise<ChatMessage[]> {
    return this.#q.newest.all({ room, limit }).reverse().map(toMessage);
  }

  async after(
    room: string,
    afterId: number,
    limit: number,
  ): Promise<{ messages: ChatMessage[]; truncated: boolean }> {
    const rows = this.#q.newestAfter.all({ room, after: afterId, limit: limit + 1 });
    const truncated = rows.length > limit;
    return { messages: rows.slice(0, limit).reverse().map(toMessage), truncated };
  }

  async newestId(): Promise<number> {
    return this.#q.newestId.get()?.id ?? 0;
  }

  async tail(afterId: number, limit: number): Promise<RoomMessage[]> {
    return this.#q.oldestAfter.all({ after: afterId, limit }).map((row) => ({
      ...toMessage(row),
      room: row.room,
      ...(row.deletedAt === null ? {} : { deleted: true as const }),
    }));
  }
}

function toMessage(row: ChatMessageRow): ChatMessage {
  const message: ChatMessage = { id: row.id, name: row.name, text: row.text, ts: row.ts };
  if (row.clientMsgId !== null) message.clientMsgId = row.clientMsgId;
  if (row.editedAt !== null) message.editedAt = row.editedAt;
  if (isSystemSender(row.sender)) message.system = true;
  return message;
}
