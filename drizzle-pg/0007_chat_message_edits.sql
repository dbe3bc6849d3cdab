ALTER TABLE "chat_messages" ADD COLUMN "edited_at" bigint;--> statement-breakpoint
ALTER TABLE "chat_messages" ADD COLUMN "deleted_at" bigint;