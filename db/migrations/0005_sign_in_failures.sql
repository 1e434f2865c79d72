CREATE TABLE `sign_in_failures` (
	`key` text PRIMARY KEY NOT NULL,
	`failures` integer NOT NULL,
	`locked_until` text,
	`expires_at` text NOT NULL
);
--> statement-breakpoint
CREATE INDEX `sign_in_failures_expires` ON `sign_in_failures` (`expires_at`);