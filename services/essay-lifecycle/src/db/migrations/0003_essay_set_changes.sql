CREATE TABLE `removed_slots` (
	`essay_id` text PRIMARY KEY NOT NULL,
	`batch_id` text NOT NULL,
	`removed_at` text NOT NULL
);
--> statement-breakpoint
CREATE INDEX `removed_slots_batch_idx` ON `removed_slots` (`batch_id`);--> statement-breakpoint
ALTER TABLE `batches` ADD `essay_set_version` integer DEFAULT 0 NOT NULL;