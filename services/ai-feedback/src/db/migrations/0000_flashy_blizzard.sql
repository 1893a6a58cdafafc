CREATE TABLE `essay_corrections` (
	`essay_id` text PRIMARY KEY NOT NULL,
	`batch_id` text NOT NULL,
	`corrections` text NOT NULL,
	`correction_count` integer NOT NULL,
	`observed_at` text NOT NULL
);
--> statement-breakpoint
CREATE TABLE `essay_metrics` (
	`essay_id` text PRIMARY KEY NOT NULL,
	`batch_id` text NOT NULL,
	`metrics` text NOT NULL,
	`observed_at` text NOT NULL
);
--> statement-breakpoint
CREATE TABLE `feedback_requests` (
	`request_id` text PRIMARY KEY NOT NULL,
	`request_event_id` text NOT NULL,
	`batch_id` text NOT NULL,
	`essay_id` text NOT NULL,
	`text_storage_id` text NOT NULL,
	`user_id` text,
	`correlation_id` text NOT NULL,
	`status` text NOT NULL,
	`provider` text,
	`feedback_storage_id` text,
	`error_code` text,
	`requested_at` text NOT NULL,
	`completed_at` text,
	CONSTRAINT "feedback_requests_status_check" CHECK("feedback_requests"."status" IN ('requested', 'succeeded', 'failed'))
);
--> statement-breakpoint
CREATE UNIQUE INDEX `feedback_requests_request_event_id_unique` ON `feedback_requests` (`request_event_id`);--> statement-breakpoint
CREATE INDEX `feedback_requests_essay_idx` ON `feedback_requests` (`essay_id`);--> statement-breakpoint
CREATE TABLE `outbox` (
	`id` integer PRIMARY KEY AUTOINCREMENT NOT NULL,
	`topic` text NOT NULL,
	`event_id` text NOT NULL,
	`envelope` text NOT NULL,
	`dedupe_key` text,
	`created_at` text NOT NULL,
	`published_at` text
);
--> statement-breakpoint
CREATE UNIQUE INDEX `outbox_event_id_unique` ON `outbox` (`event_id`);--> statement-breakpoint
CREATE UNIQUE INDEX `outbox_dedupe_key_unique` ON `outbox` (`dedupe_key`);--> statement-breakpoint
CREATE INDEX `outbox_unpublished_idx` ON `outbox` (`published_at`,`id`);--> statement-breakpoint
CREATE TABLE `processed_events` (
	`consumer` text NOT NULL,
	`event_id` text NOT NULL,
	`processed_at` text NOT NULL,
	PRIMARY KEY(`consumer`, `event_id`)
);
