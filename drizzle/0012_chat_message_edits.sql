ALTER TABLE `chat_messages` ADD `edited_at` integer;--> statement-breakpoint
ALTER TABLE `chat_messages` ADD `deleted_at` integer;