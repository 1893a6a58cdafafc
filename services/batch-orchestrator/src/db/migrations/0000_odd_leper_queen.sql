CREATE TABLE `batches` (
	`batch_id` text PRIMARY KEY NOT NULL,
	`user_id` text NOT NULL,
	`org_id` text,
	`course_code` text NOT NULL,
	`language` text NOT NULL,
	`essay_instructions` text NOT NULL,
	`class_id` text,
	`assignment_id` text,
	`student_prompt_ref` text,
	`cj_settings` text,
	`expected_essay_count` integer NOT NULL,
	`status` text NOT NULL,
	`active_run_id` text,
	`correlation_id` text NOT NULL,
	`idempotency_key` text,
	`request_sha256` text,
	`created_at` text NOT NULL,
	`updated_at` text NOT NULL,
	CONSTRAINT "batches_status_check" CHECK("batches"."status" IN ('AWAITING_CONTENT', 'READY_FOR_PIPELINE_EXECUTION', 'PROCESSING_PIPELINES', 'COMPLETED_SUCCESSFULLY', 'COMPLETED_WITH_FAILURES', 'FAILED_CRITICALLY')),
	CONSTRAINT "batches_language_check" CHECK("batches"."language" IN ('en', 'sv'))
);
--> statement-breakpoint
CREATE UNIQUE INDEX `batches_user_idempotency_uq` ON `batches` (`user_id`,`idempotency_key`);--> statement-breakpoint
CREATE INDEX `batches_user_created_idx` ON `batches` (`user_id`,`created_at`);--> statement-breakpoint
CREATE TABLE `essay_failures` (
	`run_id` text NOT NULL,
	`essay_id` text NOT NULL,
	`phase` text NOT NULL,
	`failed_at` text NOT NULL,
	PRIMARY KEY(`run_id`, `essay_id`),
	FOREIGN KEY (`run_id`) REFERENCES `pipeline_runs`(`run_id`) ON UPDATE no action ON DELETE no action,
	FOREIGN KEY (`essay_id`) REFERENCES `essays`(`essay_id`) ON UPDATE no action ON DELETE no action,
	CONSTRAINT "essay_failures_phase_check" CHECK("essay_failures"."phase" IN ('spellcheck', 'nlp', 'cj_assessment', 'ai_feedback'))
);
--> statement-breakpoint
CREATE TABLE `essays` (
	`essay_id` text PRIMARY KEY NOT NULL,
	`batch_id` text NOT NULL,
	`position` integer NOT NULL,
	`text_storage_id` text,
	`original_text_storage_id` text,
	`file_upload_id` text,
	`original_file_name` text,
	`student_name` text,
	`student_email` text,
	`provisioned_at` text,
	FOREIGN KEY (`batch_id`) REFERENCES `batches`(`batch_id`) ON UPDATE no action ON DELETE no action
);
--> statement-breakpoint
CREATE INDEX `essays_batch_position_idx` ON `essays` (`batch_id`,`position`);--> statement-breakpoint
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
CREATE TABLE `pipeline_phases` (
	`run_id` text NOT NULL,
	`phase` text NOT NULL,
	`position` integer NOT NULL,
	`status` text NOT NULL,
	`depends_on` text NOT NULL,
	`started_at` text,
	`completed_at` text,
	`processed_count` integer,
	`failed_count` integer,
	PRIMARY KEY(`run_id`, `phase`),
	FOREIGN KEY (`run_id`) REFERENCES `pipeline_runs`(`run_id`) ON UPDATE no action ON DELETE no action,
	CONSTRAINT "pipeline_phases_phase_check" CHECK("pipeline_phases"."phase" IN ('spellcheck', 'nlp', 'cj_assessment', 'ai_feedback')),
	CONSTRAINT "pipeline_phases_status_check" CHECK("pipeline_phases"."status" IN ('PENDING', 'IN_PROGRESS', 'COMPLETED_SUCCESSFULLY', 'COMPLETED_WITH_FAILURES', 'FAILED', 'SKIPPED'))
);
--> statement-breakpoint
CREATE TABLE `pipeline_runs` (
	`run_id` text PRIMARY KEY NOT NULL,
	`batch_id` text NOT NULL,
	`pipeline` text NOT NULL,
	`status` text NOT NULL,
	`prompt_source` text,
	`assignment_id` text,
	`pruned_phases` text NOT NULL,
	`correlation_id` text NOT NULL,
	`requested_at` text NOT NULL,
	`completed_at` text,
	FOREIGN KEY (`batch_id`) REFERENCES `batches`(`batch_id`) ON UPDATE no action ON DELETE no action,
	CONSTRAINT "pipeline_runs_pipeline_check" CHECK("pipeline_runs"."pipeline" IN ('spellcheck', 'nlp', 'cj_assessment', 'ai_feedback', 'comprehensive')),
	CONSTRAINT "pipeline_runs_status_check" CHECK("pipeline_runs"."status" IN ('PENDING', 'IN_PROGRESS', 'COMPLETED_SUCCESSFULLY', 'COMPLETED_WITH_FAILURES', 'FAILED', 'SKIPPED')),
	CONSTRAINT "pipeline_runs_prompt_source_check" CHECK("pipeline_runs"."prompt_source" IN ('canonical', 'cms', 'context'))
);
--> statement-breakpoint
CREATE INDEX `pipeline_runs_batch_idx` ON `pipeline_runs` (`batch_id`,`requested_at`);--> statement-breakpoint
CREATE TABLE `processed_events` (
	`consumer` text NOT NULL,
	`event_id` text NOT NULL,
	`processed_at` text NOT NULL,
	PRIMARY KEY(`consumer`, `event_id`)
);
--> statement-breakpoint
CREATE TABLE `provisioning_failures` (
	`batch_id` text NOT NULL,
	`file_upload_id` text NOT NULL,
	`original_file_name` text NOT NULL,
	`error_code` text NOT NULL,
	`message` text NOT NULL,
	PRIMARY KEY(`batch_id`, `file_upload_id`),
	FOREIGN KEY (`batch_id`) REFERENCES `batches`(`batch_id`) ON UPDATE no action ON DELETE no action
);
