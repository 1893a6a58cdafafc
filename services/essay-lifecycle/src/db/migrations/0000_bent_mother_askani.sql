CREATE TABLE `batch_contents` (
	`batch_id` text NOT NULL,
	`content_sha256` text NOT NULL,
	`file_upload_id` text NOT NULL,
	`original_file_name` text NOT NULL,
	`text_storage_id` text NOT NULL,
	`outcome` text NOT NULL,
	`essay_id` text,
	`received_at` text NOT NULL,
	PRIMARY KEY(`batch_id`, `content_sha256`),
	FOREIGN KEY (`batch_id`) REFERENCES `batches`(`batch_id`) ON UPDATE no action ON DELETE no action,
	CONSTRAINT "batch_contents_outcome_check" CHECK("batch_contents"."outcome" IN ('assigned', 'excess'))
);
--> statement-breakpoint
CREATE TABLE `batches` (
	`batch_id` text PRIMARY KEY NOT NULL,
	`expected_count` integer NOT NULL,
	`course_code` text NOT NULL,
	`language` text NOT NULL,
	`essay_instructions` text NOT NULL,
	`student_prompt_ref` text,
	`user_id` text NOT NULL,
	`org_id` text,
	`class_id` text,
	`assignment_id` text,
	`registered_at` text NOT NULL,
	`provisioning_completed_at` text,
	CONSTRAINT "batches_language_check" CHECK("batches"."language" IN ('en', 'sv'))
);
--> statement-breakpoint
CREATE TABLE `essays` (
	`essay_id` text PRIMARY KEY NOT NULL,
	`batch_id` text NOT NULL,
	`slot_index` integer NOT NULL,
	`status` text NOT NULL,
	`text_storage_id` text,
	`original_text_storage_id` text,
	`raw_file_storage_id` text,
	`file_upload_id` text,
	`original_file_name` text,
	`content_sha256` text,
	`student_name` text,
	`student_email` text,
	`created_at` text NOT NULL,
	`updated_at` text NOT NULL,
	FOREIGN KEY (`batch_id`) REFERENCES `batches`(`batch_id`) ON UPDATE no action ON DELETE no action,
	CONSTRAINT "essays_status_check" CHECK("essays"."status" IN ('AWAITING_CONTENT', 'READY_FOR_PROCESSING', 'SPELLCHECK_IN_PROGRESS', 'SPELLCHECK_SUCCESS', 'SPELLCHECK_FAILED', 'NLP_IN_PROGRESS', 'NLP_SUCCESS', 'NLP_FAILED', 'CJ_ASSESSMENT_IN_PROGRESS', 'CJ_ASSESSMENT_SUCCESS', 'CJ_ASSESSMENT_FAILED', 'AI_FEEDBACK_IN_PROGRESS', 'AI_FEEDBACK_SUCCESS', 'AI_FEEDBACK_FAILED'))
);
--> statement-breakpoint
CREATE INDEX `essays_batch_slot_idx` ON `essays` (`batch_id`,`slot_index`);--> statement-breakpoint
CREATE UNIQUE INDEX `essays_batch_content_uq` ON `essays` (`batch_id`,`content_sha256`);--> statement-breakpoint
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
CREATE TABLE `pending_contents` (
	`id` integer PRIMARY KEY AUTOINCREMENT NOT NULL,
	`batch_id` text NOT NULL,
	`file_upload_id` text NOT NULL,
	`payload` text NOT NULL,
	`correlation_id` text NOT NULL,
	`received_at` text NOT NULL
);
--> statement-breakpoint
CREATE UNIQUE INDEX `pending_contents_upload_uq` ON `pending_contents` (`batch_id`,`file_upload_id`);--> statement-breakpoint
CREATE TABLE `phase_run_essays` (
	`run_id` text NOT NULL,
	`essay_id` text NOT NULL,
	`input_text_storage_id` text NOT NULL,
	`status` text NOT NULL,
	`result_text_storage_id` text,
	`failure_reason` text,
	`finished_at` text,
	PRIMARY KEY(`run_id`, `essay_id`),
	FOREIGN KEY (`run_id`) REFERENCES `phase_runs`(`run_id`) ON UPDATE no action ON DELETE no action,
	CONSTRAINT "phase_run_essays_status_check" CHECK("phase_run_essays"."status" IN ('pending', 'success', 'failed'))
);
--> statement-breakpoint
CREATE INDEX `phase_run_essays_essay_idx` ON `phase_run_essays` (`essay_id`);--> statement-breakpoint
CREATE TABLE `phase_runs` (
	`run_id` text PRIMARY KEY NOT NULL,
	`batch_id` text NOT NULL,
	`phase` text NOT NULL,
	`status` text NOT NULL,
	`command_event_id` text NOT NULL,
	`started_at` text NOT NULL,
	`completed_at` text,
	CONSTRAINT "phase_runs_phase_check" CHECK("phase_runs"."phase" IN ('spellcheck', 'nlp', 'cj_assessment', 'ai_feedback')),
	CONSTRAINT "phase_runs_status_check" CHECK("phase_runs"."status" IN ('IN_PROGRESS', 'COMPLETED_SUCCESSFULLY', 'COMPLETED_WITH_FAILURES', 'FAILED_CRITICALLY'))
);
--> statement-breakpoint
CREATE UNIQUE INDEX `phase_runs_active_uq` ON `phase_runs` (`batch_id`,`phase`) WHERE status = 'IN_PROGRESS';--> statement-breakpoint
CREATE TABLE `processed_events` (
	`consumer` text NOT NULL,
	`event_id` text NOT NULL,
	`processed_at` text NOT NULL,
	PRIMARY KEY(`consumer`, `event_id`)
);
--> statement-breakpoint
CREATE TABLE `validation_failures` (
	`batch_id` text NOT NULL,
	`file_upload_id` text NOT NULL,
	`original_file_name` text NOT NULL,
	`error_code` text NOT NULL,
	`message` text NOT NULL,
	`received_at` text NOT NULL,
	PRIMARY KEY(`batch_id`, `file_upload_id`)
);
