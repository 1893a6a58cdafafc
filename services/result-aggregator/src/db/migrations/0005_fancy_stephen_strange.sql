ALTER TABLE `batch_views` ADD `name` text;--> statement-breakpoint
ALTER TABLE `batch_views` ADD `name_at` text;--> statement-breakpoint
ALTER TABLE `batch_views` ADD `cancelled_pipeline` text;--> statement-breakpoint
ALTER TABLE `batch_views` ADD `cancelled_run_id` text;--> statement-breakpoint
ALTER TABLE `batch_views` ADD `cancelled_phases` text;--> statement-breakpoint
ALTER TABLE `batch_views` ADD `cancelled_at` text;