CREATE TABLE `layout_history` (
	`board` text NOT NULL,
	`version` integer NOT NULL,
	`json` text NOT NULL,
	`saved_at` integer NOT NULL,
	PRIMARY KEY(`board`, `version`)
);
