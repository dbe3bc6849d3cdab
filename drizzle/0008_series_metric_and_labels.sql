ALTER TABLE `series` ADD `metric` text DEFAULT '' NOT NULL;--> statement-breakpoint
ALTER TABLE `series` ADD `labels` text DEFAULT '{}' NOT NULL;--> statement-breakpoint
CREATE INDEX `series_metric` ON `series` (`metric`);--> statement-breakpoint
-- Series from before labels have no labels: their key is their metric name.
UPDATE `series` SET `metric` = `name` WHERE `metric` = '';
--> statement-breakpoint
-- A row written by another process that does not name its metric (an older writer, a script
-- that inserts into the file) gets the metric of its key: the text before `{`, or all of it.
CREATE TRIGGER `series_metric_of_key` AFTER INSERT ON `series` WHEN NEW.`metric` = '' BEGIN
  UPDATE `series` SET `metric` = CASE WHEN instr(NEW.`name`, '{') > 0
    THEN substr(NEW.`name`, 1, instr(NEW.`name`, '{') - 1) ELSE NEW.`name` END
  WHERE `id` = NEW.`id`;
END;
