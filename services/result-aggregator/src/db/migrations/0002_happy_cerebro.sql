ALTER TABLE `batch_views` ADD `cj_grade_projection` text;--> statement-breakpoint
ALTER TABLE `essay_views` ADD `cj_grade_uncertain` integer;