CREATE TABLE `meta` (
	`key` text PRIMARY KEY NOT NULL,
	`value` text NOT NULL
);
--> statement-breakpoint
CREATE TABLE `model_places` (
	`model_id` text NOT NULL,
	`place_id` integer NOT NULL,
	PRIMARY KEY(`model_id`, `place_id`)
);
--> statement-breakpoint
CREATE TABLE `model_types` (
	`id` text PRIMARY KEY NOT NULL,
	`name_vi` text NOT NULL,
	`name_en` text NOT NULL
);
--> statement-breakpoint
CREATE TABLE `models` (
	`id` text PRIMARY KEY NOT NULL,
	`programme_id` text NOT NULL,
	`type_id` text NOT NULL,
	`name_vi` text NOT NULL,
	`name_en` text NOT NULL,
	`period_start` text NOT NULL,
	`period_end` text NOT NULL,
	`sponsor_id` text
);
--> statement-breakpoint
CREATE INDEX `models_programme` ON `models` (`programme_id`);--> statement-breakpoint
CREATE TABLE `organisations` (
	`id` text PRIMARY KEY NOT NULL,
	`name` text NOT NULL,
	`kind` text NOT NULL
);
--> statement-breakpoint
CREATE TABLE `place_successions` (
	`predecessor_id` integer NOT NULL,
	`successor_id` integer NOT NULL,
	`effective` text NOT NULL,
	PRIMARY KEY(`predecessor_id`, `successor_id`)
);
--> statement-breakpoint
CREATE TABLE `places` (
	`id` integer PRIMARY KEY AUTOINCREMENT NOT NULL,
	`code` text NOT NULL,
	`level` text NOT NULL,
	`name_vi` text NOT NULL,
	`name_en` text NOT NULL,
	`parent_id` integer,
	`valid_from` text NOT NULL,
	`valid_to` text
);
--> statement-breakpoint
CREATE UNIQUE INDEX `places_level_code_from` ON `places` (`level`,`code`,`valid_from`);--> statement-breakpoint
CREATE INDEX `places_parent` ON `places` (`parent_id`);--> statement-breakpoint
CREATE TABLE `programmes` (
	`id` text PRIMARY KEY NOT NULL,
	`name_vi` text NOT NULL,
	`name_en` text NOT NULL,
	`province_id` integer NOT NULL,
	`period_start` text NOT NULL,
	`period_end` text NOT NULL,
	`source` text
);
--> statement-breakpoint
CREATE TABLE `round_assignments` (
	`user_id` integer NOT NULL,
	`round_id` text NOT NULL,
	PRIMARY KEY(`user_id`, `round_id`)
);
--> statement-breakpoint
CREATE TABLE `round_instruments` (
	`round_id` text NOT NULL,
	`slug` text NOT NULL,
	`version` integer NOT NULL,
	PRIMARY KEY(`round_id`, `slug`)
);
--> statement-breakpoint
CREATE TABLE `rounds` (
	`id` text PRIMARY KEY NOT NULL,
	`model_id` text NOT NULL,
	`kind` text NOT NULL,
	`planned_start` text NOT NULL,
	`planned_end` text NOT NULL,
	`planned_sample` integer NOT NULL,
	`status` text NOT NULL
);
--> statement-breakpoint
CREATE UNIQUE INDEX `rounds_model_kind` ON `rounds` (`model_id`,`kind`);--> statement-breakpoint
CREATE TABLE `sessions` (
	`token_hash` text PRIMARY KEY NOT NULL,
	`user_id` integer NOT NULL,
	`kind` text NOT NULL,
	`csrf_token` text NOT NULL,
	`expires_at` text NOT NULL,
	`created_at` text NOT NULL
);
--> statement-breakpoint
CREATE INDEX `sessions_user` ON `sessions` (`user_id`);--> statement-breakpoint
CREATE TABLE `submissions` (
	`id` text PRIMARY KEY NOT NULL,
	`round_id` text NOT NULL,
	`commune_id` integer NOT NULL,
	`instrument_slug` text NOT NULL,
	`instrument_version` integer NOT NULL,
	`evaluator_id` integer NOT NULL,
	`answers` text NOT NULL,
	`content_hash` text NOT NULL,
	`started_at` text,
	`received_at` text NOT NULL,
	`synthetic` integer DEFAULT false NOT NULL
);
--> statement-breakpoint
CREATE INDEX `submissions_round_received` ON `submissions` (`round_id`,`received_at`);--> statement-breakpoint
CREATE INDEX `submissions_synthetic` ON `submissions` (`synthetic`);--> statement-breakpoint
CREATE TABLE `user_models` (
	`user_id` integer NOT NULL,
	`model_id` text NOT NULL,
	PRIMARY KEY(`user_id`, `model_id`)
);
--> statement-breakpoint
CREATE TABLE `users` (
	`id` integer PRIMARY KEY AUTOINCREMENT NOT NULL,
	`email` text NOT NULL,
	`name` text NOT NULL,
	`password_hash` text NOT NULL,
	`role` text NOT NULL,
	`organisation_id` text,
	`created_at` text DEFAULT (strftime('%Y-%m-%dT%H:%M:%fZ','now')) NOT NULL
);
--> statement-breakpoint
CREATE UNIQUE INDEX `users_email_unique` ON `users` (`email`);