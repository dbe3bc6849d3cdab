-- The database epoch (issue 12): a random id written once, when the database is created (or, for
-- a database made before this migration, when it is upgraded). 16 hex digits, as on SQLite.
INSERT INTO "database_epoch" ("id", "epoch") VALUES (1, substr(replace(gen_random_uuid()::text, '-', ''), 1, 16));
