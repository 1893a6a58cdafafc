-- Phase runs and their essays gain CANCELLED / cancelled (the owner cancelled the pipeline); batches remember when.
-- Migrations run inside one transaction, where PRAGMA foreign_keys is a no-op and dropping a parent
-- table that child rows reference fails: the essays are parked in a plain copy, the runs rebuilt,
-- then the essays rebuilt from the copy.
CREATE TABLE `__old_phase_run_essays` AS SELECT * FROM `phase_run_essays`;--> statement-breakpoint
DROP TABLE `phase_run_essays`;--> statement-breakpoint
CREATE TABLE `__new_phase_runs` (
	`run_id` text PRIMARY KEY NOT NULL,
	`batch_id` text NOT NULL,
	`phase` text NOT NULL,
	`status` text NOT NULL,
	`command_event_id` text NOT NULL,
	`correlation_id` text,
	`started_at` text NOT NULL,
	`deadline_at` text,
	`completed_at` text,
	CONSTRAINT "phase_runs_phase_check" CHECK("__new_phase_runs"."phase" IN ('spellcheck', 'nlp', 'cj_assessment', 'ai_feedback')),
	CONSTRAINT "phase_runs_status_check" CHECK("__new_phase_runs"."status" IN ('IN_PROGRESS', 'COMPLETED_SUCCESSFULLY', 'COMPLETED_WITH_FAILURES', 'FAILED_CRITICALLY', 'CANCELLED'))
);
--> statement-breakpoint
INSERT INTO `__new_phase_runs`("run_id", "batch_id", "phase", "status", "command_event_id", "correlation_id", "started_at", "deadline_at", "completed_at") SELECT "run_id", "batch_id", "phase", "status", "command_event_id", "correlation_id", "started_at", "deadline_at", "completed_at" FROM `phase_runs`;--> statement-breakpoint
DROP TABLE `phase_runs`;--> statement-breakpoint
ALTER TABLE `__new_phase_runs` RENAME TO `phase_runs`;--> statement-breakpoint
CREATE UNIQUE INDEX `phase_runs_active_uq` ON `phase_runs` (`batch_id`,`phase`) WHERE status = 'IN_PROGRESS';--> statement-breakpoint
CREATE INDEX `phase_runs_deadline_idx` ON `phase_runs` (`status`,`deadline_at`);--> statement-breakpoint
CREATE TABLE `phase_run_essays` (
	`run_id` text NOT NULL,
	`essay_id` text NOT NULL,
	`input_text_storage_id` text NOT NULL,
	`request_event_id` text,
	`status` text NOT NULL,
	`result_text_storage_id` text,
	`failure_reason` text,
	`finished_at` text,
	PRIMARY KEY(`run_id`, `essay_id`),
	FOREIGN KEY (`run_id`) REFERENCES `phase_runs`(`run_id`) ON UPDATE no action ON DELETE no action,
	CONSTRAINT "phase_run_essays_status_check" CHECK("phase_run_essays"."status" IN ('pending', 'success', 'failed', 'cancelled'))
);
--> statement-breakpoint
INSERT INTO `phase_run_essays`("run_id", "essay_id", "input_text_storage_id", "request_event_id", "status", "result_text_storage_id", "failure_reason", "finished_at") SELECT "run_id", "essay_id", "input_text_storage_id", "request_event_id", "status", "result_text_storage_id", "failure_reason", "finished_at" FROM `__old_phase_run_essays`;--> statement-breakpoint
DROP TABLE `__old_phase_run_essays`;--> statement-breakpoint
CREATE INDEX `phase_run_essays_essay_idx` ON `phase_run_essays` (`essay_id`);--> statement-breakpoint
CREATE INDEX `phase_run_essays_request_idx` ON `phase_run_essays` (`request_event_id`);
--> statement-breakpoint
ALTER TABLE `batches` ADD `pipeline_cancelled_at` text;
