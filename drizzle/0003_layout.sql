CREATE TABLE `dashboard_layout` (
	`id` integer PRIMARY KEY NOT NULL,
	`version` integer NOT NULL,
	`json` text NOT NULL,
	`updated_at` integer NOT NULL
);
