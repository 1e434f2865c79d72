CREATE TABLE `audit_log` (
	`id` integer PRIMARY KEY AUTOINCREMENT NOT NULL,
	`at` text NOT NULL,
	`user_id` integer,
	`action` text NOT NULL,
	`object_type` text,
	`object_id` text,
	`address` text,
	`detail` text
);
--> statement-breakpoint
CREATE INDEX `audit_log_at` ON `audit_log` (`at`);--> statement-breakpoint
CREATE INDEX `audit_log_user` ON `audit_log` (`user_id`,`at`);--> statement-breakpoint
CREATE INDEX `audit_log_object` ON `audit_log` (`object_type`,`object_id`);--> statement-breakpoint
CREATE TABLE `submission_reviews` (
	`id` integer PRIMARY KEY AUTOINCREMENT NOT NULL,
	`submission_id` text NOT NULL,
	`from_state` text NOT NULL,
	`state` text NOT NULL,
	`comment` text,
	`reviewed_by` integer NOT NULL,
	`reviewed_at` text NOT NULL
);
--> statement-breakpoint
CREATE INDEX `submission_reviews_submission` ON `submission_reviews` (`submission_id`);--> statement-breakpoint
CREATE TABLE `submission_revisions` (
	`submission_id` text NOT NULL,
	`revision` integer NOT NULL,
	`changes` text NOT NULL,
	`reason` text NOT NULL,
	`revised_by` integer NOT NULL,
	`revised_at` text NOT NULL,
	PRIMARY KEY(`submission_id`, `revision`)
);
--> statement-breakpoint
PRAGMA foreign_keys=OFF;--> statement-breakpoint
CREATE TABLE `__new_indicator_aggregates` (
	`basis` text DEFAULT 'received' NOT NULL,
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
	PRIMARY KEY(`basis`, `round_id`, `dimension`, `indicator_id`, `indicator_version`, `category`, `commune_id`)
);
--> statement-breakpoint
INSERT INTO `__new_indicator_aggregates`("basis", "round_id", "dimension", "indicator_id", "indicator_version", "category", "commune_id", "numerator", "denominator", "n", "sum_squares") SELECT 'received', "round_id", "dimension", "indicator_id", "indicator_version", "category", "commune_id", "numerator", "denominator", "n", "sum_squares" FROM `indicator_aggregates`;--> statement-breakpoint
DROP TABLE `indicator_aggregates`;--> statement-breakpoint
ALTER TABLE `__new_indicator_aggregates` RENAME TO `indicator_aggregates`;--> statement-breakpoint
PRAGMA foreign_keys=ON;--> statement-breakpoint
CREATE INDEX `indicator_aggregates_commune` ON `indicator_aggregates` (`commune_id`,`dimension`,`round_id`,`basis`);--> statement-breakpoint
ALTER TABLE `submissions` ADD `review_state` text DEFAULT 'received' NOT NULL;--> statement-breakpoint
ALTER TABLE `submissions` ADD `content_revision` integer DEFAULT 1 NOT NULL;--> statement-breakpoint
CREATE INDEX `submissions_round_state` ON `submissions` (`round_id`,`review_state`);--> statement-breakpoint
CREATE TRIGGER `audit_log_no_update` BEFORE UPDATE ON `audit_log` BEGIN SELECT RAISE(ABORT, 'audit_log is append-only'); END;--> statement-breakpoint
CREATE TRIGGER `audit_log_no_delete` BEFORE DELETE ON `audit_log` BEGIN SELECT RAISE(ABORT, 'audit_log is append-only'); END;
