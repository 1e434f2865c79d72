CREATE TABLE `targets` (
	`id` integer PRIMARY KEY AUTOINCREMENT NOT NULL,
	`indicator_id` text NOT NULL,
	`programme_id` text,
	`model_id` text,
	`year` integer NOT NULL,
	`value` real NOT NULL,
	`baseline_value` real,
	`baseline_year` integer,
	`source` text NOT NULL,
	`updated_by` integer,
	`updated_at` text NOT NULL
);
--> statement-breakpoint
CREATE UNIQUE INDEX `targets_programme_year` ON `targets` (`indicator_id`,`programme_id`,`year`) WHERE model_id IS NULL;--> statement-breakpoint
CREATE UNIQUE INDEX `targets_model_year` ON `targets` (`indicator_id`,`model_id`,`year`) WHERE model_id IS NOT NULL;