CREATE TABLE `series_deletions` (
	`id` integer PRIMARY KEY AUTOINCREMENT NOT NULL,
	`name` text NOT NULL,
	`seq` integer NOT NULL,
	`deleted_at` integer NOT NULL
);
--> statement-breakpoint
CREATE INDEX `series_deletions_seq` ON `series_deletions` (`seq`);--> statement-breakpoint
ALTER TABLE `series` ADD `last_ts` integer;--> statement-breakpoint
CREATE INDEX `series_last_ts` ON `series` (`last_ts`);
--> statement-breakpoint
-- Issue 10 B2 (written by hand below the generated statements above, in the same migration):
-- the newest sample time of each series, from the samples a database holds, then
-- kept by a trigger for rows of any writer (this process or another), as the rollups are.
UPDATE `series` SET `last_ts` = (SELECT MAX(`ts`) FROM `samples` WHERE `series_id` = `series`.`id`);
--> statement-breakpoint
CREATE TRIGGER `samples_series_last_ts` AFTER INSERT ON `samples` BEGIN
  UPDATE `series` SET `last_ts` = NEW.`ts`
  WHERE `id` = NEW.`series_id` AND (`last_ts` IS NULL OR `last_ts` < NEW.`ts`);
END;
