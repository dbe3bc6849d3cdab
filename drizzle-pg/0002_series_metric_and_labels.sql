ALTER TABLE "series" ADD COLUMN "metric" text DEFAULT '' NOT NULL;--> statement-breakpoint
ALTER TABLE "series" ADD COLUMN "labels" text DEFAULT '{}' NOT NULL;--> statement-breakpoint
CREATE INDEX "series_metric" ON "series" USING btree ("metric");--> statement-breakpoint
-- Series from before labels have no labels: their key is their metric name.
UPDATE "series" SET "metric" = "name" WHERE "metric" = '';
--> statement-breakpoint
-- A row inserted without its metric (a script writing into the table) gets the metric of its
-- key: the text before `{`, or all of it (as SQLite's series_metric_of_key).
CREATE FUNCTION series_metric_of_key() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  IF NEW.metric = '' THEN
    NEW.metric := CASE WHEN strpos(NEW.name, '{') > 0
      THEN substr(NEW.name, 1, strpos(NEW.name, '{') - 1) ELSE NEW.name END;
  END IF;
  RETURN NEW;
END;
$$;
--> statement-breakpoint
CREATE TRIGGER series_metric_of_key BEFORE INSERT ON "series"
  FOR EACH ROW EXECUTE FUNCTION series_metric_of_key();
