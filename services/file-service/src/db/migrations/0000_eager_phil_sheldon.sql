CREATE TABLE `file_uploads` (
	`file_upload_id` text PRIMARY KEY NOT NULL,
	`batch_id` text NOT NULL,
	`user_id` text NOT NULL,
	`file_name` text NOT NULL,
	`file_size_bytes` integer NOT NULL,
	`raw_sha256` text NOT NULL,
	`content_sha256` text,
	`raw_storage_id` text,
	`text_storage_id` text,
	`status` text NOT NULL,
	`error_code` text,
	`error_message` text,
	`student_name` text,
	`student_email` text,
	`idempotency_key` text,
	`position` integer NOT NULL,
	`correlation_id` text NOT NULL,
	`created_at` text NOT NULL,
	`updated_at` text NOT NULL,
	CONSTRAINT "file_uploads_status_check" CHECK("file_uploads"."status" IN ('accepted', 'rejected', 'failed'))
);
--> statement-breakpoint
CREATE INDEX `file_uploads_batch_idx` ON `file_uploads` (`batch_id`,`created_at`);--> statement-breakpoint
CREATE UNIQUE INDEX `file_uploads_request_position_uq` ON `file_uploads` (`batch_id`,`idempotency_key`,`position`);--> statement-breakpoint
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
--> statement-breakpoint
CREATE TABLE `upload_requests` (
	`batch_id` text NOT NULL,
	`idempotency_key` text NOT NULL,
	`request_sha256` text NOT NULL,
	`user_id` text NOT NULL,
	`state` text NOT NULL,
	`claimed_at` text NOT NULL,
	`finished_at` text,
	PRIMARY KEY(`batch_id`, `idempotency_key`),
	CONSTRAINT "upload_requests_state_check" CHECK("upload_requests"."state" IN ('in_progress', 'done'))
);
