CREATE TABLE `retention_notices` (
	`batch_id` text PRIMARY KEY NOT NULL,
	`user_id` text NOT NULL,
	`erase_after` text NOT NULL,
	`noticed_at` text NOT NULL
);
