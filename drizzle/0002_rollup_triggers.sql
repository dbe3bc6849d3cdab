-- Rollups of samples (issue 4): every insert into samples, from this process or any other
-- writer of the file, upserts the minute and hour bucket of its series. Retention deletes
-- (lib/store/retention-sweeper.ts) do not touch the rollups.
-- Backfill first: databases from before this migration already hold samples.
INSERT INTO `samples_1m` (`series_id`, `bucket_ts`, `min`, `max`, `sum`, `count`)
SELECT `series_id`, (`ts` / 60000) * 60000, MIN(`value`), MAX(`value`), SUM(`value`), COUNT(*)
FROM `samples` GROUP BY 1, 2;
--> statement-breakpoint
INSERT INTO `samples_1h` (`series_id`, `bucket_ts`, `min`, `max`, `sum`, `count`)
SELECT `series_id`, (`ts` / 3600000) * 3600000, MIN(`value`), MAX(`value`), SUM(`value`), COUNT(*)
FROM `samples` GROUP BY 1, 2;
--> statement-breakpoint
CREATE TRIGGER `samples_rollup_1m` AFTER INSERT ON `samples` BEGIN
  INSERT INTO `samples_1m` (`series_id`, `bucket_ts`, `min`, `max`, `sum`, `count`)
  VALUES (NEW.`series_id`, (NEW.`ts` / 60000) * 60000, NEW.`value`, NEW.`value`, NEW.`value`, 1)
  ON CONFLICT (`series_id`, `bucket_ts`) DO UPDATE SET
    `min` = min(`min`, excluded.`min`),
    `max` = max(`max`, excluded.`max`),
    `sum` = `sum` + excluded.`sum`,
    `count` = `count` + 1;
END;
--> statement-breakpoint
CREATE TRIGGER `samples_rollup_1h` AFTER INSERT ON `samples` BEGIN
  INSERT INTO `samples_1h` (`series_id`, `bucket_ts`, `min`, `max`, `sum`, `count`)
  VALUES (NEW.`series_id`, (NEW.`ts` / 3600000) * 3600000, NEW.`value`, NEW.`value`, NEW.`value`, 1)
  ON CONFLICT (`series_id`, `bucket_ts`) DO UPDATE SET
    `min` = min(`min`, excluded.`min`),
    `max` = max(`max`, excluded.`max`),
    `sum` = `sum` + excluded.`sum`,
    `count` = `count` + 1;
END;
