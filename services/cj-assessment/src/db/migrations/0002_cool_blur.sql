-- Rebuild the four CJ tables (new finish_reason CHECK on cj_batches, cj_pairs.confidence, new
-- cj_batches columns). The migrator runs inside a transaction, where PRAGMA foreign_keys=OFF is a
-- no-op, so the usual "create new, drop old" of cj_batches alone would fail on its child rows:
-- copy all four, drop the old ones children first, and rename (which rewrites the new children's
-- REFERENCES from __new_* to the final names).
CREATE TABLE `__new_cj_batches` (
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
	`expected_rank_agreement` real,
	`statistics` text,
	`stall_recoveries` integer DEFAULT 0 NOT NULL,
	`failed_essays` text NOT NULL,
	`finish_reason` text,
	`comparisons_made` integer,
	`correlation_id` text NOT NULL,
	`created_at` text NOT NULL,
	`last_activity_at` text NOT NULL,
	`completed_at` text,
	CONSTRAINT "cj_batches_state_check" CHECK("__new_cj_batches"."state" IN ('PENDING', 'WAITING_CALLBACKS', 'COMPLETED', 'FAILED')),
	CONSTRAINT "cj_batches_language_check" CHECK("__new_cj_batches"."language" IN ('en', 'sv')),
	CONSTRAINT "cj_batches_finish_reason_check" CHECK("__new_cj_batches"."finish_reason" IN ('budget_reached', 'precision_reached', 'pairs_exhausted', 'scores_stable'))
);--> statement-breakpoint
CREATE TABLE `__new_cj_items` (
	`batch_id` text NOT NULL,
	`item_index` integer NOT NULL,
	`kind` text NOT NULL,
	`ref_id` text NOT NULL,
	`grade` text,
	`text` text NOT NULL,
	PRIMARY KEY(`batch_id`, `item_index`),
	FOREIGN KEY (`batch_id`) REFERENCES `__new_cj_batches`(`batch_id`) ON UPDATE no action ON DELETE no action,
	CONSTRAINT "cj_items_kind_check" CHECK("__new_cj_items"."kind" IN ('essay', 'anchor'))
);--> statement-breakpoint
CREATE TABLE `__new_cj_pairs` (
	`pair_id` text PRIMARY KEY NOT NULL,
	`batch_id` text NOT NULL,
	`round` integer NOT NULL,
	`item_a` integer NOT NULL,
	`item_b` integer NOT NULL,
	`item_lo` integer NOT NULL,
	`item_hi` integer NOT NULL,
	`status` text NOT NULL,
	`winner` integer,
	`confidence` real,
	`retries` integer DEFAULT 0 NOT NULL,
	`current_request_id` text NOT NULL,
	`created_at` text NOT NULL,
	`answered_at` text,
	FOREIGN KEY (`batch_id`) REFERENCES `__new_cj_batches`(`batch_id`) ON UPDATE no action ON DELETE no action,
	CONSTRAINT "cj_pairs_status_check" CHECK("__new_cj_pairs"."status" IN ('PENDING', 'ANSWERED', 'ABANDONED'))
);--> statement-breakpoint
CREATE TABLE `__new_cj_requests` (
	`request_id` text PRIMARY KEY NOT NULL,
	`batch_id` text NOT NULL,
	`pair_id` text NOT NULL,
	`status` text NOT NULL,
	`error_code` text,
	`issued_at` text NOT NULL,
	`answered_at` text,
	FOREIGN KEY (`batch_id`) REFERENCES `__new_cj_batches`(`batch_id`) ON UPDATE no action ON DELETE no action,
	FOREIGN KEY (`pair_id`) REFERENCES `__new_cj_pairs`(`pair_id`) ON UPDATE no action ON DELETE no action,
	CONSTRAINT "cj_requests_status_check" CHECK("__new_cj_requests"."status" IN ('SENT', 'SUCCEEDED', 'ERRORED', 'IGNORED'))
);--> statement-breakpoint
INSERT INTO `__new_cj_batches`("batch_id", "state", "user_id", "org_id", "assignment_id", "language", "course_code", "essay_instructions", "prompt_text", "grade_scale", "item_count", "budget", "seed", "round", "fit_scores", "fit_standard_errors", "max_score_change", "stall_recoveries", "failed_essays", "finish_reason", "comparisons_made", "correlation_id", "created_at", "last_activity_at", "completed_at") SELECT "batch_id", "state", "user_id", "org_id", "assignment_id", "language", "course_code", "essay_instructions", "prompt_text", "grade_scale", "item_count", "budget", "seed", "round", "fit_scores", "fit_standard_errors", "max_score_change", "stall_recoveries", "failed_essays", "finish_reason", "comparisons_made", "correlation_id", "created_at", "last_activity_at", "completed_at" FROM `cj_batches`;--> statement-breakpoint
INSERT INTO `__new_cj_items`("batch_id", "item_index", "kind", "ref_id", "grade", "text") SELECT "batch_id", "item_index", "kind", "ref_id", "grade", "text" FROM `cj_items`;--> statement-breakpoint
INSERT INTO `__new_cj_pairs`("pair_id", "batch_id", "round", "item_a", "item_b", "item_lo", "item_hi", "status", "winner", "retries", "current_request_id", "created_at", "answered_at") SELECT "pair_id", "batch_id", "round", "item_a", "item_b", "item_lo", "item_hi", "status", "winner", "retries", "current_request_id", "created_at", "answered_at" FROM `cj_pairs`;--> statement-breakpoint
INSERT INTO `__new_cj_requests`("request_id", "batch_id", "pair_id", "status", "error_code", "issued_at", "answered_at") SELECT "request_id", "batch_id", "pair_id", "status", "error_code", "issued_at", "answered_at" FROM `cj_requests`;--> statement-breakpoint
DROP TABLE `cj_requests`;--> statement-breakpoint
DROP TABLE `cj_pairs`;--> statement-breakpoint
DROP TABLE `cj_items`;--> statement-breakpoint
DROP TABLE `cj_batches`;--> statement-breakpoint
ALTER TABLE `__new_cj_batches` RENAME TO `cj_batches`;--> statement-breakpoint
ALTER TABLE `__new_cj_pairs` RENAME TO `cj_pairs`;--> statement-breakpoint
ALTER TABLE `__new_cj_items` RENAME TO `cj_items`;--> statement-breakpoint
ALTER TABLE `__new_cj_requests` RENAME TO `cj_requests`;--> statement-breakpoint
CREATE INDEX `cj_batches_state_activity_idx` ON `cj_batches` (`state`,`last_activity_at`);--> statement-breakpoint
CREATE UNIQUE INDEX `cj_items_ref_uq` ON `cj_items` (`batch_id`,`kind`,`ref_id`);--> statement-breakpoint
CREATE UNIQUE INDEX `cj_pairs_round_pair_uq` ON `cj_pairs` (`batch_id`,`round`,`item_lo`,`item_hi`);--> statement-breakpoint
CREATE INDEX `cj_pairs_batch_status_idx` ON `cj_pairs` (`batch_id`,`status`);--> statement-breakpoint
CREATE INDEX `cj_requests_pair_idx` ON `cj_requests` (`pair_id`);
