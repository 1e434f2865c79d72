-- Submission ids are UUIDs compared case-insensitively and stored lower case (domain/submission.ts); ingest
-- looks an id up exactly, so an id stored before in upper or mixed case becomes lower case here.
-- A case twin (the same id in another case, stored as a second row before ids were canonical) cannot take
-- the same id: per lower-case id only the earliest stored row is renamed, and only if no row has the
-- lower-case id already. The others keep their id as stored: they are counted in the kept sums, which only the
-- app can take a row out of, so nothing is deleted here and no UNIQUE constraint can fail. Every lookup below
-- goes through the primary key or a single scan, whatever the number of rows.
UPDATE `submissions` SET `id` = lower(`id`)
WHERE `rowid` IN (SELECT min(`rowid`) FROM `submissions` WHERE `id` <> lower(`id`) GROUP BY lower(`id`))
  AND NOT EXISTS (SELECT 1 FROM `submissions` AS `canonical` WHERE `canonical`.`id` = lower(`submissions`.`id`));
--> statement-breakpoint
-- A checklist's figures follow their submission to its new id (a kept twin keeps its figures' reference).
UPDATE `registered_counts` SET `submission_id` = lower(`submission_id`)
WHERE `submission_id` <> lower(`submission_id`)
  AND NOT EXISTS (SELECT 1 FROM `submissions` WHERE `submissions`.`id` = `registered_counts`.`submission_id`);
