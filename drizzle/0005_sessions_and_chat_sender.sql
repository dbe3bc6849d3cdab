CREATE TABLE `session_revocation_version` (
	`id` integer PRIMARY KEY NOT NULL,
	`version` integer NOT NULL
);
--> statement-breakpoint
CREATE TABLE `sessions` (
	`id` text PRIMARY KEY NOT NULL,
	`name` text NOT NULL,
	`created_at` integer NOT NULL,
	`expires_at` integer NOT NULL,
	`revoked_at` integer
);
--> statement-breakpoint
CREATE INDEX `sessions_expires_at` ON `sessions` (`expires_at`);--> statement-breakpoint
CREATE INDEX `sessions_revoked_expires_at` ON `sessions` (`expires_at`) WHERE "sessions"."revoked_at" IS NOT NULL;--> statement-breakpoint
DROP INDEX `chat_messages_client_msg_id_unique`;--> statement-breakpoint
ALTER TABLE `chat_messages` ADD `sender` text DEFAULT '' NOT NULL;--> statement-breakpoint
CREATE UNIQUE INDEX `chat_messages_sender_client_msg_id` ON `chat_messages` (`sender`,`client_msg_id`);