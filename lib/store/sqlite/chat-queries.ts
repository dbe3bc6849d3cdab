import { and, asc, desc, eq, gt, isNull, lt, sql } from 'drizzle-orm';
import { chatMessages } from '@/db/schema';
import type { Db } from './open-database';

/**
 * Prepared statements of the chat store, built once per database handle. The reads of one room
 * are served by the index chat_messages_room_id (room, id).
 */
export function prepareChatQueries(db: Db) {
  return {
    insert: db
      .insert(chatMessages)
      .values({
        room: sql.placeholder('room'),
        sender: sql.placeholder('sender'),
        name: sql.placeholder('name'),
        text: sql.placeholder('text'),
        ts: sql.placeholder('ts'),
        clientMsgId: sql.placeholder('clientMsgId'),
      })
      .returning()
      .prepare(),
    // Served by the unique index chat_messages_sender_client_msg_id.
    bySenderKey: db
      .select()
      .from(chatMessages)
      .where(
        and(
          eq(chatMessages.sender, sql.placeholder('sender')),
          eq(chatMessages.clientMsgId, sql.placeholder('clientMsgId')),
        ),
      )
      .prepare(),
    byId: db
      .select()
      .from(chatMessages)
      .where(
        and(
          eq(chatMessages.id, sql.placeholder('id')),
          eq(chatMessages.room, sql.placeholder('room')),
        ),
      )
      .prepare(),
    setText: db
      .update(chatMessages)
      .set({ text: sql`${sql.placeholder('text')}`, editedAt: sql`${sql.placeholder('editedAt')}` })
      .where(eq(chatMessages.id, sql.placeholder('id')))
      .returning()
      .prepare(),
    markDeleted: db
      .update(chatMessages)
      .set({ text: '', deletedAt: sql`${sql.placeholder('deletedAt')}` })
      .where(eq(chatMessages.id, sql.placeholder('id')))
      .prepare(),
    newestBefore: db
      .select()
      .from(chatMessages)
      .where(
        and(
          eq(chatMessages.room, sql.placeholder('room')),
          lt(chatMessages.id, sql.placeholder('before')),
          isNull(chatMessages.deletedAt),
        ),
      )
      .orderBy(desc(chatMessages.id))
      .limit(sql.placeholder('limit'))
      .prepare(),
    newest: db
      .select()
      .from(chatMessages)
      .where(and(eq(chatMessages.room, sql.placeholder('room')), isNull(chatMessages.deletedAt)))
      .orderBy(desc(chatMessages.id))
      .limit(sql.placeholder('limit'))
      .prepare(),
    newestAfter: db
      .select()
      .from(chatMessages)
      .where(
        and(
          eq(chatMessages.room, sql.placeholder('room')),
          gt(chatMessages.id, sql.placeholder('after')),
          isNull(chatMessages.deletedAt),
        ),
      )
      .orderBy(desc(chatMessages.id))
      .limit(sql.placeholder('limit'))
      .prepare(),
    newestId: db
      .select({ id: sql<number | null>`max(${chatMessages.id})` })
      .from(chatMessages)
      .prepare(),
    oldestAfter: db
      .select()
      .from(chatMessages)
      .where(gt(chatMessages.id, sql.placeholder('after')))
      .orderBy(asc(chatMessages.id))
      .limit(sql.placeholder('limit'))
      .prepare(),
  };
}
