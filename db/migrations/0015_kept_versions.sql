CREATE TABLE `kept_versions` (
	`round_id` text NOT NULL,
	`basis` text NOT NULL,
	`version` integer NOT NULL,
	PRIMARY KEY(`round_id`, `basis`)
);
--> statement-breakpoint
CREATE TABLE `round_totals` (
	`round_id` text NOT NULL,
	`basis` text NOT NULL,
	`version` integer NOT NULL,
	`totals` text NOT NULL,
	PRIMARY KEY(`round_id`, `basis`)
);
--> statement-breakpoint
CREATE TABLE `suppressed_cells` (
	`round_id` text NOT NULL,
	`basis` text NOT NULL,
	`indicator_id` text NOT NULL,
	`indicator_version` integer NOT NULL,
	`threshold` integer NOT NULL,
	`rules` integer NOT NULL,
	`version` integer NOT NULL,
	`hidden` text NOT NULL,
	`communes` text NOT NULL,
	PRIMARY KEY(`round_id`, `basis`, `indicator_id`, `indicator_version`, `threshold`, `rules`)
);
--> statement-breakpoint
CREATE TRIGGER `kept_versions_counted` AFTER UPDATE OF `revision` ON `submissions` WHEN NEW.`revision` > 0 BEGIN
  INSERT INTO `kept_versions` (`round_id`, `basis`, `version`) SELECT NEW.`round_id`, `value`, 1 FROM json_each('["received","approved"]')
    WHERE (`value` = 'received' AND (OLD.`review_state` IN ('received', 'approved') OR NEW.`review_state` IN ('received', 'approved')))
       OR (`value` = 'approved' AND 'approved' IN (OLD.`review_state`, NEW.`review_state`))
    ON CONFLICT (`round_id`, `basis`) DO UPDATE SET `version` = `version` + 1;
END;--> statement-breakpoint
CREATE TRIGGER `kept_versions_deleted` AFTER DELETE ON `submissions` WHEN OLD.`revision` > 0 BEGIN
  INSERT INTO `kept_versions` (`round_id`, `basis`, `version`) SELECT OLD.`round_id`, `value`, 1 FROM json_each('["received","approved"]')
    WHERE (`value` = 'received' AND OLD.`review_state` IN ('received', 'approved')) OR (`value` = 'approved' AND OLD.`review_state` = 'approved')
    ON CONFLICT (`round_id`, `basis`) DO UPDATE SET `version` = `version` + 1;
END;--> statement-breakpoint
CREATE TRIGGER `kept_versions_figure_added` AFTER INSERT ON `registered_counts` BEGIN
  INSERT INTO `kept_versions` (`round_id`, `basis`, `version`) SELECT NEW.`round_id`, `value`, 1 FROM json_each('["received","approved"]') WHERE true
    ON CONFLICT (`round_id`, `basis`) DO UPDATE SET `version` = `version` + 1;
END;--> statement-breakpoint
CREATE TRIGGER `kept_versions_figure_changed` AFTER UPDATE ON `registered_counts` BEGIN
  INSERT INTO `kept_versions` (`round_id`, `basis`, `version`) SELECT NEW.`round_id`, `value`, 1 FROM json_each('["received","approved"]') WHERE true
    ON CONFLICT (`round_id`, `basis`) DO UPDATE SET `version` = `version` + 1;
END;--> statement-breakpoint
CREATE TRIGGER `kept_versions_figure_removed` AFTER DELETE ON `registered_counts` BEGIN
  INSERT INTO `kept_versions` (`round_id`, `basis`, `version`) SELECT OLD.`round_id`, `value`, 1 FROM json_each('["received","approved"]') WHERE true
    ON CONFLICT (`round_id`, `basis`) DO UPDATE SET `version` = `version` + 1;
END;--> statement-breakpoint
CREATE TRIGGER `kept_versions_place_added` AFTER INSERT ON `model_places` BEGIN
  INSERT INTO `kept_versions` (`round_id`, `basis`, `version`) SELECT `rounds`.`id`, `value`, 1 FROM `rounds`, json_each('["received","approved"]') WHERE `rounds`.`model_id` = NEW.`model_id`
    ON CONFLICT (`round_id`, `basis`) DO UPDATE SET `version` = `version` + 1;
END;--> statement-breakpoint
CREATE TRIGGER `kept_versions_place_changed` AFTER UPDATE ON `model_places` BEGIN
  INSERT INTO `kept_versions` (`round_id`, `basis`, `version`) SELECT `rounds`.`id`, `value`, 1 FROM `rounds`, json_each('["received","approved"]') WHERE `rounds`.`model_id` = NEW.`model_id`
    ON CONFLICT (`round_id`, `basis`) DO UPDATE SET `version` = `version` + 1;
END;--> statement-breakpoint
CREATE TRIGGER `kept_versions_place_removed` AFTER DELETE ON `model_places` BEGIN
  INSERT INTO `kept_versions` (`round_id`, `basis`, `version`) SELECT `rounds`.`id`, `value`, 1 FROM `rounds`, json_each('["received","approved"]') WHERE `rounds`.`model_id` = OLD.`model_id`
    ON CONFLICT (`round_id`, `basis`) DO UPDATE SET `version` = `version` + 1;
END;
