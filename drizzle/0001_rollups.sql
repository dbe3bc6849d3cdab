CREATE TABLE `samples_1h` (
	`series_id` integer NOT NULL,
	`bucket_ts` integer NOT NULL,
	`min` real NOT NULL,
	`max` real NOT NULL,
	`sum` real NOT NULL,
	`count` integer NOT NULL,
	PRIMARY KEY(`series_id`, `bucket_ts`),
	FOREIGN KEY (`series_id`) REFERENCES `series`(`id`) ON UPDATE no action ON DELETE cascade
);
--> statement-breakpoint
CREATE INDEX `samples_1h_bucket_ts` ON `samples_1h` (`bucket_ts`);--> statement-breakpoint
CREATE TABLE `samples_1m` (
	`series_id` integer NOT NULL,
	`bucket_ts` integer NOT NULL,
	`min` real NOT NULL,
	`max` real NOT NULL,
	`sum` real NOT NULL,
	`count` integer NOT NULL,
	PRIMARY KEY(`series_id`, `bucket_ts`),
	FOREIGN KEY (`series_id`) REFERENCES `series`(`id`) ON UPDATE no action ON DELETE cascade
);
--> statement-breakpoint
CREATE INDEX `samples_1m_bucket_ts` ON `samples_1m` (`bucket_ts`);