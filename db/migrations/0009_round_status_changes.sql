CREATE TABLE `round_status_changes` (
	`id` integer PRIMARY KEY AUTOINCREMENT NOT NULL,
	`round_id` text NOT NULL,
	`status` text NOT NULL,
	`reason` text,
	`changed_by` integer NOT NULL,
	`changed_at` text NOT NULL
);
--> statement-breakpoint
CREATE INDEX `round_status_changes_round` ON `round_status_changes` (`round_id`);