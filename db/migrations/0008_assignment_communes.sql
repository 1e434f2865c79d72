CREATE TABLE `assignment_communes` (
	`user_id` integer NOT NULL,
	`round_id` text NOT NULL,
	`place_id` integer NOT NULL,
	PRIMARY KEY(`user_id`, `round_id`, `place_id`)
);
--> statement-breakpoint
CREATE INDEX `assignment_communes_round` ON `assignment_communes` (`round_id`);--> statement-breakpoint
-- Assignments made before communes could be chosen covered the whole round: they keep every commune of its model.
INSERT OR IGNORE INTO `assignment_communes` (`user_id`, `round_id`, `place_id`)
  SELECT `ra`.`user_id`, `ra`.`round_id`, `mp`.`place_id`
  FROM `round_assignments` `ra`
  JOIN `rounds` `r` ON `r`.`id` = `ra`.`round_id`
  JOIN `model_places` `mp` ON `mp`.`model_id` = `r`.`model_id`
  JOIN `places` `p` ON `p`.`id` = `mp`.`place_id` AND `p`.`level` = 'commune';
