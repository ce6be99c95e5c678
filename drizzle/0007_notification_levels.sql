CREATE TABLE `mention` (
	`message_id` integer NOT NULL,
	`user_id` text NOT NULL,
	`room_id` text NOT NULL,
	PRIMARY KEY(`user_id`, `room_id`, `message_id`),
	FOREIGN KEY (`message_id`) REFERENCES `message`(`id`) ON UPDATE no action ON DELETE cascade,
	FOREIGN KEY (`user_id`) REFERENCES `user`(`id`) ON UPDATE no action ON DELETE cascade
);
--> statement-breakpoint
CREATE INDEX `mention_message_idx` ON `mention` (`message_id`);--> statement-breakpoint
ALTER TABLE `membership` ADD `notification_level` text;--> statement-breakpoint
ALTER TABLE `membership` ADD `ignore_mentions` integer DEFAULT false NOT NULL;