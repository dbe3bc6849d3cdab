ALTER TABLE "chat_messages" ADD COLUMN "room" text DEFAULT 'general' NOT NULL;--> statement-breakpoint
ALTER TABLE "cluster_presence" ADD COLUMN "room" text DEFAULT 'general' NOT NULL;--> statement-breakpoint
CREATE INDEX "chat_messages_room_id" ON "chat_messages" USING btree ("room","id");