import { and, asc, desc, eq, gt, isNull, lt, sql } from 'drizzle-orm';
import { chatMessages } from '@/db/schema';
import type { Db } from './open-database';

/** Prepared statements of the chat store, built once per database handle. */
export function prepareChatQueries(db: Db) {
  return {
    insert: db
      .insert(chatMessages)
      .values({
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
      .where(eq(chatMessages.id, sql.placeholder('id')))
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
      .where(and(lt(chatMessages.id, sql.placeholder('before')), isNull(chatMessages.deletedAt)))
      .orderBy(desc(chatMessages.id))
      .limit(sql.placeholder('limit'))
      .prepare(),
    newest: db
      .select()
      .from(chatMessages)
      .where(isNull(chatMessages.deletedAt))
      .orderBy(desc(chatMessages.id))
      .limit(sql.placeholder('limit'))
      .prepare(),
    newestAfter: db
      .select()
      .from(chatMessages)
      .where(and(gt(chatMessages.id, sql.placeholder('after')), isNull(chatMessages.deletedAt)))
      .orderBy(desc(chatMessages.id))
      .limit(sql.placeholder('limit'))
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
