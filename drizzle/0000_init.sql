CREATE TABLE `chat_messages` (
	`id` integer PRIMARY KEY AUTOINCREMENT NOT NULL,
	`name` text NOT NULL,
	`text` text NOT NULL,
	`ts` integer NOT NULL,
	`client_msg_id` text
);
--> statement-breakpoint
CREATE UNIQUE INDEX `chat_messages_client_msg_id_unique` ON `chat_messages` (`client_msg_id`);--> statement-breakpoint
CREATE TABLE `samples` (
	`seq` integer PRIMARY KEY AUTOINCREMENT NOT NULL,
	`series_id` integer NOT NULL,
	`ts` integer NOT NULL,
	`value` real NOT NULL,
	FOREIGN KEY (`series_id`) REFERENCES `series`(`id`) ON UPDATE no action ON DELETE cascade
);
--> statement-breakpoint
CREATE INDEX `samples_series_ts` ON `samples` (`series_id`,`ts`);--> statement-breakpoint
CREATE INDEX `samples_ts` ON `samples` (`ts`);--> statement-breakpoint
CREATE TABLE `series` (
	`id` integer PRIMARY KEY AUTOINCREMENT NOT NULL,
	`name` text NOT NULL,
	`unit` text,
	`created_at` integer NOT NULL
);
--> statement-breakpoint
CREATE UNIQUE INDEX `series_name_unique` ON `series` (`name`);