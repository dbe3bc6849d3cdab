CREATE TABLE `retention_floor` (
	`id` integer PRIMARY KEY NOT NULL,
	`seq` integer NOT NULL
);
--> statement-breakpoint
-- Until now retention deleted raw samples only as a seq prefix, so every seq below the oldest
-- kept one is gone (and, with no sample left, every seq ever assigned).
INSERT INTO `retention_floor` (`id`, `seq`)
SELECT 1, COALESCE(
  (SELECT MIN(`seq`) - 1 FROM `samples`),
  (SELECT `seq` FROM `sqlite_sequence` WHERE `name` = 'samples'),
  0
);
