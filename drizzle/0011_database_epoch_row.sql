-- The database epoch (issue 12): a random id written once, when the database is created (or, for
-- a database made before this migration, when it is upgraded). 8 random bytes as 16 hex digits.
INSERT INTO `database_epoch` (`id`, `epoch`) VALUES (1, lower(hex(randomblob(8))));
