-- Defect 4 (issue 15): a group nobody is in is archived (out of Browse, its name freed), and live
-- groups that share a name ignoring case are renamed "name (2)", "name (3)", oldest first keeping it.
UPDATE `room` SET `archived_at` = cast(unixepoch('subsec') * 1000 as integer)
WHERE `kind` = 'group' AND `archived_at` IS NULL AND NOT EXISTS (SELECT 1 FROM `membership` m WHERE m.`room_id` = `room`.`id`);
--> statement-breakpoint
WITH ranked AS (
  SELECT `id`, row_number() OVER (PARTITION BY lower(`name`) ORDER BY `created_at`, rowid) AS n
  FROM `room` WHERE `kind` = 'group' AND `archived_at` IS NULL AND `name` IS NOT NULL
)
UPDATE `room` SET `name` = `name` || ' (' || (SELECT n FROM ranked WHERE ranked.`id` = `room`.`id`) || ')'
WHERE `id` IN (SELECT `id` FROM ranked WHERE n > 1);
--> statement-breakpoint
-- A renamed "dev (2)" may meet a room already called that: those few take their id as the suffix.
WITH ranked AS (
  SELECT `id`, row_number() OVER (PARTITION BY lower(`name`) ORDER BY `created_at`, rowid) AS n
  FROM `room` WHERE `kind` = 'group' AND `archived_at` IS NULL AND `name` IS NOT NULL
)
UPDATE `room` SET `name` = `name` || ' (' || `id` || ')'
WHERE `id` IN (SELECT `id` FROM ranked WHERE n > 1);
--> statement-breakpoint
CREATE UNIQUE INDEX `room_group_name_unique` ON `room` (lower("name")) WHERE "room"."kind" = 'group' AND "room"."archived_at" IS NULL;