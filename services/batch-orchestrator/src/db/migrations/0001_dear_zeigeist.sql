CREATE TABLE `batch_erasures` (
	`batch_id` text PRIMARY KEY NOT NULL,
	`user_id` text NOT NULL,
	`reason` text NOT NULL,
	`essay_ids` text NOT NULL,
	`participants` text NOT NULL,
	`completed_services` text NOT NULL,
	`correlation_id` text NOT NULL,
	`requested_at` text NOT NULL,
	`completed_at` text,
	CONSTRAINT "batch_erasures_reason_check" CHECK("batch_erasures"."reason" IN ('owner_request', 'retention'))
);
--> statement-breakpoint
CREATE INDEX `batch_erasures_user_idx` ON `batch_erasures` (`user_id`);