ALTER TABLE `phase_run_essays` ADD `request_event_id` text;--> statement-breakpoint
CREATE INDEX `phase_run_essays_request_idx` ON `phase_run_essays` (`request_event_id`);--> statement-breakpoint
ALTER TABLE `phase_runs` ADD `correlation_id` text;--> statement-breakpoint
ALTER TABLE `phase_runs` ADD `deadline_at` text;--> statement-breakpoint
CREATE INDEX `phase_runs_deadline_idx` ON `phase_runs` (`status`,`deadline_at`);