ALTER TABLE `submissions` ADD `household_code` text;--> statement-breakpoint
CREATE INDEX `submissions_household` ON `submissions` (`household_code`);