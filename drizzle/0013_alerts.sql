CREATE TABLE `alert_rules` (
	`id` integer PRIMARY KEY AUTOINCREMENT NOT NULL,
	`series` text NOT NULL,
	`condition` text NOT NULL,
	`threshold` real,
	`for_ms` integer NOT NULL,
	`severity` text NOT NULL,
	`board` text,
	`name` text,
	`created_at` integer NOT NULL
);
--> statement-breakpoint
CREATE TABLE `alert_states` (
	`rule_id` integer PRIMARY KEY NOT NULL,
	`status` text NOT NULL,
	`since` integer NOT NULL,
	`version` integer NOT NULL,
	`value` real,
	`notified` text,
	`notified_at` integer,
	`acked_by` text,
	`silenced_until` integer,
	`firing_since` integer
);
--> statement-breakpoint
CREATE TABLE `annotations` (
	`id` integer PRIMARY KEY AUTOINCREMENT NOT NULL,
	`ts` integer NOT NULL,
	`text` text NOT NULL,
	`board` text,
	`created_at` integer NOT NULL
);
--> statement-breakpoint
CREATE INDEX `annotations_ts` ON `annotations` (`ts`);