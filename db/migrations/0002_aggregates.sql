CREATE TABLE `indicator_aggregates` (
	`round_id` text NOT NULL,
	`dimension` text NOT NULL,
	`indicator_id` text NOT NULL,
	`indicator_version` integer NOT NULL,
	`category` text NOT NULL,
	`commune_id` integer NOT NULL,
	`numerator` real NOT NULL,
	`denominator` real NOT NULL,
	`n` integer NOT NULL,
	`sum_squares` real NOT NULL,
	PRIMARY KEY(`round_id`, `dimension`, `indicator_id`, `indicator_version`, `category`, `commune_id`)
);
--> statement-breakpoint
CREATE TABLE `registered_counts` (
	`round_id` text NOT NULL,
	`commune_id` integer NOT NULL,
	`figure` text NOT NULL,
	`value` integer NOT NULL,
	`source` text NOT NULL,
	`as_of` text NOT NULL,
	`entered_by` integer,
	`submission_id` text,
	`updated_at` text NOT NULL,
	PRIMARY KEY(`round_id`, `commune_id`, `figure`)
);
--> statement-breakpoint
CREATE INDEX `registered_counts_submission` ON `registered_counts` (`submission_id`);--> statement-breakpoint
ALTER TABLE `submissions` ADD `revision` integer DEFAULT 0 NOT NULL;--> statement-breakpoint
CREATE INDEX `submissions_revision` ON `submissions` (`revision`);