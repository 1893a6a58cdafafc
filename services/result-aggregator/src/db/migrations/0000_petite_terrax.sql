CREATE TABLE `batch_views` (
	`batch_id` text PRIMARY KEY NOT NULL,
	`user_id` text NOT NULL,
	`org_id` text,
	`course_code` text,
	`language` text,
	`essay_instructions` text,
	`class_id` text,
	`assignment_id` text,
	`expected_essay_count` integer,
	`status` text NOT NULL,
	`status_at` text NOT NULL,
	`registered_at` text,
	`seeded_from_bos_at` text,
	`current_pipeline` text,
	`current_pipeline_at` text,
	`last_pipeline` text,
	`last_pipeline_final_status` text,
	`last_pipeline_completed_phases` text,
	`last_pipeline_failed_essay_ids` text,
	`last_pipeline_completed_at` text,
	`denial_requested_pipeline` text,
	`denial_error_code` text,
	`denial_compatibility_issue` text,
	`denial_message` text,
	`denied_at` text,
	`provisioned_count` integer,
	`provisioning_failures` text,
	`provisioning_completed_at` text,
	`cj_grade_scale` text,
	`cj_comparisons_made` integer,
	`cj_finish_reason` text,
	`cj_anchors` text,
	`cj_published_at` text,
	`created_at` text NOT NULL,
	`updated_at` text NOT NULL,
	CONSTRAINT "batch_views_status_check" CHECK("batch_views"."status" IN ('AWAITING_CONTENT', 'READY_FOR_PIPELINE_EXECUTION', 'PROCESSING_PIPELINES', 'COMPLETED_SUCCESSFULLY', 'COMPLETED_WITH_FAILURES', 'FAILED_CRITICALLY')),
	CONSTRAINT "batch_views_language_check" CHECK("batch_views"."language" IN ('en', 'sv')),
	CONSTRAINT "batch_views_current_pipeline_check" CHECK("batch_views"."current_pipeline" IN ('spellcheck', 'nlp', 'cj_assessment', 'ai_feedback', 'comprehensive')),
	CONSTRAINT "batch_views_last_pipeline_check" CHECK("batch_views"."last_pipeline" IN ('spellcheck', 'nlp', 'cj_assessment', 'ai_feedback', 'comprehensive')),
	CONSTRAINT "batch_views_last_final_status_check" CHECK("batch_views"."last_pipeline_final_status" IN ('COMPLETED_SUCCESSFULLY', 'COMPLETED_WITH_FAILURES', 'FAILED_CRITICALLY')),
	CONSTRAINT "batch_views_denial_error_code_check" CHECK("batch_views"."denial_error_code" IN ('VALIDATION_ERROR', 'RESOURCE_NOT_FOUND', 'AUTHENTICATION_ERROR', 'AUTHORIZATION_ERROR', 'CONFLICT', 'PAYLOAD_TOO_LARGE', 'UNSUPPORTED_MEDIA_TYPE', 'BCS_PIPELINE_COMPATIBILITY_FAILED', 'PIPELINE_DEPENDENCY_RESOLUTION_FAILED', 'INSUFFICIENT_CREDITS', 'EXTERNAL_SERVICE_ERROR', 'TIMEOUT', 'RATE_LIMIT', 'PROCESSING_ERROR', 'INTERNAL_ERROR'))
);
--> statement-breakpoint
CREATE INDEX `batch_views_user_created_idx` ON `batch_views` (`user_id`,`created_at`);--> statement-breakpoint
CREATE TABLE `essay_failures` (
	`batch_id` text NOT NULL,
	`essay_id` text NOT NULL,
	`phase` text NOT NULL,
	`error_code` text NOT NULL,
	`message` text NOT NULL,
	`failed_at` text NOT NULL,
	PRIMARY KEY(`batch_id`, `essay_id`, `phase`),
	CONSTRAINT "essay_failures_phase_check" CHECK("essay_failures"."phase" IN ('spellcheck', 'nlp', 'cj_assessment', 'ai_feedback'))
);
--> statement-breakpoint
CREATE TABLE `essay_views` (
	`batch_id` text NOT NULL,
	`essay_id` text NOT NULL,
	`position` integer,
	`file_upload_id` text,
	`original_file_name` text,
	`student_name` text,
	`student_email` text,
	`original_text_storage_id` text,
	`current_text_storage_id` text,
	`spellcheck_status` text,
	`correction_count` integer,
	`corrections` text,
	`corrected_text_storage_id` text,
	`spellcheck_word_count` integer,
	`spellcheck_at` text,
	`nlp_status` text,
	`nlp_metrics` text,
	`nlp_metrics_storage_id` text,
	`nlp_at` text,
	`cj_rank` integer,
	`cj_score` real,
	`cj_standard_error` real,
	`cj_grade` text,
	`cj_grade_probabilities` text,
	`cj_at` text,
	`ai_feedback_status` text,
	`ai_feedback_storage_id` text,
	`ai_feedback_preview` text,
	`ai_feedback_provider` text,
	`ai_feedback_at` text,
	`updated_at` text NOT NULL,
	PRIMARY KEY(`batch_id`, `essay_id`),
	FOREIGN KEY (`batch_id`) REFERENCES `batch_views`(`batch_id`) ON UPDATE no action ON DELETE no action,
	CONSTRAINT "essay_views_spellcheck_status_check" CHECK("essay_views"."spellcheck_status" IN ('success', 'failed')),
	CONSTRAINT "essay_views_nlp_status_check" CHECK("essay_views"."nlp_status" IN ('success', 'failed')),
	CONSTRAINT "essay_views_ai_feedback_status_check" CHECK("essay_views"."ai_feedback_status" IN ('success', 'failed'))
);
--> statement-breakpoint
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
CREATE TABLE `phase_views` (
	`batch_id` text NOT NULL,
	`phase` text NOT NULL,
	`pipeline` text,
	`status` text NOT NULL,
	`status_at` text NOT NULL,
	`started_at` text,
	`completed_at` text,
	`essay_count` integer,
	`processed_count` integer,
	`failed_count` integer,
	`failed_essay_ids` text,
	PRIMARY KEY(`batch_id`, `phase`),
	FOREIGN KEY (`batch_id`) REFERENCES `batch_views`(`batch_id`) ON UPDATE no action ON DELETE no action,
	CONSTRAINT "phase_views_phase_check" CHECK("phase_views"."phase" IN ('spellcheck', 'nlp', 'cj_assessment', 'ai_feedback')),
	CONSTRAINT "phase_views_pipeline_check" CHECK("phase_views"."pipeline" IN ('spellcheck', 'nlp', 'cj_assessment', 'ai_feedback', 'comprehensive')),
	CONSTRAINT "phase_views_status_check" CHECK("phase_views"."status" IN ('PENDING', 'IN_PROGRESS', 'COMPLETED_SUCCESSFULLY', 'COMPLETED_WITH_FAILURES', 'FAILED', 'SKIPPED'))
);
--> statement-breakpoint
CREATE TABLE `processed_events` (
	`consumer` text NOT NULL,
	`event_id` text NOT NULL,
	`processed_at` text NOT NULL,
	PRIMARY KEY(`consumer`, `event_id`)
);
