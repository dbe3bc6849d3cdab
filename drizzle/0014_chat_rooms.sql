ALTER TABLE `chat_messages` ADD `room` text DEFAULT 'general' NOT NULL;--> statement-breakpoint
CREATE INDEX `chat_messages_room_id` ON `chat_messages` (`room`,`id`);