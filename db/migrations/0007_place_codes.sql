-- Place codes checked against two public copies of the GSO list (see src/seed/places.ts). Databases seeded
-- before this migration carry wrong codes for three districts and the four Yên Bái pilot communes; they are
-- corrected in place, so the ids that submissions, models and counts point to stay the same. Each row is
-- matched by its old code, its name and the validity of the seeded list, so nothing else is touched.
UPDATE `places` SET `code` = '281' WHERE `code` = '283' AND `level` = 'district' AND `name_vi` = 'Ứng Hòa' AND `valid_from` = '2008-08-01';
--> statement-breakpoint
UPDATE `places` SET `code` = '352' WHERE `code` = '353' AND `level` = 'district' AND `name_vi` = 'Bình Lục' AND `valid_from` = '2008-08-01';
--> statement-breakpoint
UPDATE `places` SET `code` = '141' WHERE `code` = '138' AND `level` = 'district' AND `name_vi` = 'Yên Bình' AND `valid_from` = '2008-08-01';
--> statement-breakpoint
UPDATE `places` SET `code` = '04663' WHERE `code` = '04306' AND `level` = 'commune' AND `name_vi` = 'Phù Nham' AND `valid_from` = '2008-08-01';
--> statement-breakpoint
UPDATE `places` SET `code` = '04675' WHERE `code` = '04312' AND `level` = 'commune' AND `name_vi` = 'Thanh Lương' AND `valid_from` = '2008-08-01';
--> statement-breakpoint
UPDATE `places` SET `code` = '04732' WHERE `code` = '04729' AND `level` = 'commune' AND `name_vi` = 'Tân Nguyên' AND `valid_from` = '2008-08-01';
--> statement-breakpoint
UPDATE `places` SET `code` = '04771' WHERE `code` = '04756' AND `level` = 'commune' AND `name_vi` = 'Vĩnh Kiên' AND `valid_from` = '2008-08-01';
--> statement-breakpoint
-- Tân Nguyên and Vĩnh Kiên belong to Yên Bình, whatever district the old seed gave them.
UPDATE `places` SET `parent_id` = (SELECT `id` FROM `places` WHERE `code` = '141' AND `level` = 'district' AND `valid_from` = '2008-08-01')
  WHERE `code` IN ('04732', '04771') AND `level` = 'commune' AND `valid_from` = '2008-08-01'
  AND EXISTS (SELECT 1 FROM `places` WHERE `code` = '141' AND `level` = 'district' AND `valid_from` = '2008-08-01');
--> statement-breakpoint
-- Household codes begin with their commune's code (domain/household.ts): follow the corrected codes.
UPDATE `submissions` SET `household_code` = (SELECT `code` FROM `places` WHERE `places`.`id` = `submissions`.`commune_id`) || substr(`household_code`, 6)
  WHERE `household_code` IS NOT NULL AND substr(`household_code`, 1, 6) IN ('04306|', '04312|', '04729|', '04756|')
  AND `commune_id` IN (SELECT `id` FROM `places` WHERE `code` IN ('04663', '04675', '04732', '04771') AND `valid_from` = '2008-08-01');
