CREATE TABLE `anchor_assignments` (
	`assignment_id` text PRIMARY KEY NOT NULL,
	`owner_user_id` text NOT NULL,
	`grade_scale` text NOT NULL,
	`created_at` text NOT NULL,
	`updated_at` text NOT NULL,
	CONSTRAINT "anchor_assignments_grade_scale_check" CHECK("anchor_assignments"."grade_scale" IN ('swedish_a_f', 'swedish_8_anchor', 'eng5_np_legacy_9_step', 'numeric_1_5'))
);
--> statement-breakpoint
CREATE TABLE `anchors` (
	`assignment_id` text NOT NULL,
	`anchor_id` text NOT NULL,
	`grade` text NOT NULL,
	`text` text NOT NULL,
	`created_at` text NOT NULL,
	`updated_at` text NOT NULL,
	PRIMARY KEY(`assignment_id`, `anchor_id`),
	FOREIGN KEY (`assignment_id`) REFERENCES `anchor_assignments`(`assignment_id`) ON UPDATE no action ON DELETE no action
);
--> statement-breakpoint
CREATE TABLE `cj_batches` (
	`batch_id` text PRIMARY KEY NOT NULL,
	`state` text NOT NULL,
	`user_id` text NOT NULL,
	`org_id` text,
	`assignment_id` text,
	`language` text NOT NULL,
	`course_code` text NOT NULL,
	`essay_instructions` text NOT NULL,
	`prompt_text` text,
	`grade_scale` text,
	`item_count` integer NOT NULL,
	`budget` integer NOT NULL,
	`seed` integer NOT NULL,
	`round` integer DEFAULT 0 NOT NULL,
	`fit_scores` text,
	`fit_standard_errors` text,
	`max_score_change` real,
	`stall_recoveries` integer DEFAULT 0 NOT NULL,
	`failed_essays` text NOT NULL,
	`finish_reason` text,
	`comparisons_made` integer,
	`correlation_id` text NOT NULL,
	`created_at` text NOT NULL,
	`last_activity_at` text NOT NULL,
	`completed_at` text,
	CONSTRAINT "cj_batches_state_check" CHECK("cj_batches"."state" IN ('PENDING', 'WAITING_CALLBACKS', 'COMPLETED', 'FAILED')),
	CONSTRAINT "cj_batches_language_check" CHECK("cj_batches"."language" IN ('en', 'sv')),
	CONSTRAINT "cj_batches_finish_reason_check" CHECK("cj_batches"."finish_reason" IN ('budget_reached', 'scores_stable', 'pairs_exhausted'))
);
--> statement-breakpoint
CREATE INDEX `cj_batches_state_activity_idx` ON `cj_batches` (`state`,`last_activity_at`);--> statement-breakpoint
CREATE TABLE `cj_items` (
	`batch_id` text NOT NULL,
	`item_index` integer NOT NULL,
	`kind` text NOT NULL,
	`ref_id` text NOT NULL,
	`grade` text,
	`text` text NOT NULL,
	PRIMARY KEY(`batch_id`, `item_index`),
	FOREIGN KEY (`batch_id`) REFERENCES `cj_batches`(`batch_id`) ON UPDATE no action ON DELETE no action,
	CONSTRAINT "cj_items_kind_check" CHECK("cj_items"."kind" IN ('essay', 'anchor'))
);
--> statement-breakpoint
CREATE UNIQUE INDEX `cj_items_ref_uq` ON `cj_items` (`batch_id`,`kind`,`ref_id`);--> statement-breakpoint
CREATE TABLE `cj_pairs` (
	`pair_id` text PRIMARY KEY NOT NULL,
	`batch_id` text NOT NULL,
	`round` integer NOT NULL,
	`item_a` integer NOT NULL,
	`item_b` integer NOT NULL,
	`item_lo` integer NOT NULL,
	`item_hi` integer NOT NULL,
	`status` text NOT NULL,
	`winner` integer,
	`retries` integer DEFAULT 0 NOT NULL,
	`current_request_id` text NOT NULL,
	`created_at` text NOT NULL,
	`answered_at` text,
	FOREIGN KEY (`batch_id`) REFERENCES `cj_batches`(`batch_id`) ON UPDATE no action ON DELETE no action,
	CONSTRAINT "cj_pairs_status_check" CHECK("cj_pairs"."status" IN ('PENDING', 'ANSWERED', 'ABANDONED'))
);
--> statement-breakpoint
CREATE UNIQUE INDEX `cj_pairs_round_pair_uq` ON `cj_pairs` (`batch_id`,`round`,`item_lo`,`item_hi`);--> statement-breakpoint
CREATE INDEX `cj_pairs_batch_status_idx` ON `cj_pairs` (`batch_id`,`status`);--> statement-breakpoint
CREATE TABLE `cj_requests` (
	`request_id` text PRIMARY KEY NOT NULL,
	`batch_id` text NOT NULL,
	`pair_id` text NOT NULL,
	`status` text NOT NULL,
	`error_code` text,
	`issued_at` text NOT NULL,
	`answered_at` text,
	FOREIGN KEY (`batch_id`) REFERENCES `cj_batches`(`batch_id`) ON UPDATE no action ON DELETE no action,
	FOREIGN KEY (`pair_id`) REFERENCES `cj_pairs`(`pair_id`) ON UPDATE no action ON DELETE no action,
	CONSTRAINT "cj_requests_status_check" CHECK("cj_requests"."status" IN ('SENT', 'SUCCEEDED', 'ERRORED', 'IGNORED'))
);
--> statement-breakpoint
CREATE INDEX `cj_requests_pair_idx` ON `cj_requests` (`pair_id`);--> statement-breakpoint
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
