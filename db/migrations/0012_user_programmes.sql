CREATE TABLE `user_programmes` (
	`user_id` integer NOT NULL,
	`programme_id` text NOT NULL,
	PRIMARY KEY(`user_id`, `programme_id`)
);
