-- An upgraded server keeps working as it did: its oldest person becomes the admin, and sign-up
-- stays open (flagged, so the admin page suggests invite-only) until an admin chooses. A fresh
-- database has no user here, so it gets neither: its first account becomes the admin on sign-up.
UPDATE `user` SET `role` = 'admin' WHERE `id` = (SELECT `id` FROM `user` ORDER BY `created_at`, `rowid` LIMIT 1);
--> statement-breakpoint
INSERT INTO `team` (`id`, `name`, `signup_mode`, `signup_mode_inherited`) SELECT 1, 'Confab', 'open', 1 WHERE EXISTS (SELECT 1 FROM `user`);
