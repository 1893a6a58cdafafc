-- Run statuses gain CANCELLED (the owner's cancellation) and runs a retry_of_run_id; batches a name.
-- Migrations run inside one transaction, where PRAGMA foreign_keys is a no-op and dropping a parent
-- table that child rows reference fails: the children are parked in plain copies, dropped, the
-- parent rebuilt, and the children rebuilt from their copies.
CREATE TABLE `__old_pipeline_phases` AS SELECT * FROM `pipeline_phases`;--> statement-breakpoint
CREATE TABLE `__old_essay_failures` AS SELECT * FROM `essay_failures`;--> statement-breakpoint
DROP TABLE `pipeline_phases`;--> statement-breakpoint
DROP TABLE `essay_failures`;--> statement-breakpoint
CREATE TABLE `__new_pipeline_runs` (
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
	`retry_of_run_id` text,
	FOREIGN KEY (`batch_id`) REFERENCES `batches`(`batch_id`) ON UPDATE no action ON DELETE no action,
	CONSTRAINT "pipeline_runs_pipeline_check" CHECK("__new_pipeline_runs"."pipeline" IN ('spellcheck', 'nlp', 'cj_assessment', 'ai_feedback', 'comprehensive')),
	CONSTRAINT "pipeline_runs_status_check" CHECK("__new_pipeline_runs"."status" IN ('PENDING', 'IN_PROGRESS', 'COMPLETED_SUCCESSFULLY', 'COMPLETED_WITH_FAILURES', 'FAILED', 'SKIPPED', 'CANCELLED')),
	CONSTRAINT "pipeline_runs_prompt_source_check" CHECK("__new_pipeline_runs"."prompt_source" IN ('canonical', 'cms', 'context'))
);
--> statement-breakpoint
INSERT INTO `__new_pipeline_runs`("run_id", "batch_id", "pipeline", "status", "prompt_source", "assignment_id", "pruned_phases", "correlation_id", "requested_at", "completed_at") SELECT "run_id", "batch_id", "pipeline", "status", "prompt_source", "assignment_id", "pruned_phases", "correlation_id", "requested_at", "completed_at" FROM `pipeline_runs`;--> statement-breakpoint
DROP TABLE `pipeline_runs`;--> statement-breakpoint
ALTER TABLE `__new_pipeline_runs` RENAME TO `pipeline_runs`;--> statement-breakpoint
CREATE INDEX `pipeline_runs_batch_idx` ON `pipeline_runs` (`batch_id`,`requested_at`);--> statement-breakpoint
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
	CONSTRAINT "pipeline_phases_status_check" CHECK("pipeline_phases"."status" IN ('PENDING', 'IN_PROGRESS', 'COMPLETED_SUCCESSFULLY', 'COMPLETED_WITH_FAILURES', 'FAILED', 'SKIPPED', 'CANCELLED'))
);
--> statement-breakpoint
INSERT INTO `pipeline_phases`("run_id", "phase", "position", "status", "depends_on", "started_at", "completed_at", "processed_count", "failed_count") SELECT "run_id", "phase", "position", "status", "depends_on", "started_at", "completed_at", "processed_count", "failed_count" FROM `__old_pipeline_phases`;--> statement-breakpoint
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
INSERT INTO `essay_failures`("run_id", "essay_id", "phase", "failed_at") SELECT "run_id", "essay_id", "phase", "failed_at" FROM `__old_essay_failures`;--> statement-breakpoint
DROP TABLE `__old_pipeline_phases`;--> statement-breakpoint
DROP TABLE `__old_essay_failures`;--> statement-breakpoint
ALTER TABLE `batches` ADD `name` text;
