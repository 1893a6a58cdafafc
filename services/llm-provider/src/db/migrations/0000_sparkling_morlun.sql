CREATE TABLE `llm_requests` (
	`request_id` text PRIMARY KEY NOT NULL,
	`kind` text NOT NULL,
	`status` text NOT NULL,
	`provider` text NOT NULL,
	`model` text NOT NULL,
	`priority` integer NOT NULL,
	`expires_at_ms` integer,
	`enqueued_at_ms` integer NOT NULL,
	`bundle_key` text,
	`callback_topic` text NOT NULL,
	`correlation_id` text NOT NULL,
	`payload` text NOT NULL,
	`result` text,
	`takes` integer DEFAULT 0 NOT NULL,
	`created_at` text NOT NULL,
	`started_at` text,
	`completed_at` text,
	CONSTRAINT "llm_requests_status_check" CHECK("llm_requests"."status" IN ('queued', 'in_progress', 'succeeded', 'failed', 'expired')),
	CONSTRAINT "llm_requests_kind_check" CHECK("llm_requests"."kind" IN ('comparison', 'feedback')),
	CONSTRAINT "llm_requests_provider_check" CHECK("llm_requests"."provider" IN ('local', 'anthropic', 'openai')),
	CONSTRAINT "llm_requests_priority_check" CHECK("llm_requests"."priority" BETWEEN 0 AND 9)
);
--> statement-breakpoint
CREATE INDEX `llm_requests_take_idx` ON `llm_requests` (`status`,`priority`,`enqueued_at_ms`);--> statement-breakpoint
CREATE INDEX `llm_requests_bundle_idx` ON `llm_requests` (`status`,`bundle_key`,`priority`,`enqueued_at_ms`);--> statement-breakpoint
CREATE INDEX `llm_requests_expiry_idx` ON `llm_requests` (`status`,`expires_at_ms`);--> statement-breakpoint
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
