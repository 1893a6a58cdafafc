ALTER TABLE `phase_views` ADD `processed_essay_ids` text;--> statement-breakpoint
ALTER TABLE `phase_views` ADD `results_ready_at` text;