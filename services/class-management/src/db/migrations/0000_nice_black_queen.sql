CREATE TABLE `batch_matchings` (
	`batch_id` text PRIMARY KEY NOT NULL,
	`class_id` text NOT NULL,
	`user_id` text NOT NULL,
	`status` text NOT NULL,
	`confirm_by` integer,
	`confirmed_by` text,
	`created_at` text NOT NULL,
	`confirmed_at` text,
	CONSTRAINT "batch_matchings_status_check" CHECK("batch_matchings"."status" IN ('awaiting_content', 'awaiting_confirmation', 'confirmed')),
	CONSTRAINT "batch_matchings_confirmed_by_check" CHECK("batch_matchings"."confirmed_by" IN ('teacher', 'timeout'))
);
--> statement-breakpoint
CREATE INDEX `batch_matchings_due_idx` ON `batch_matchings` (`status`,`confirm_by`);--> statement-breakpoint
CREATE TABLE `classes` (
	`class_id` text PRIMARY KEY NOT NULL,
	`owner_user_id` text NOT NULL,
	`name` text NOT NULL,
	`course_code` text NOT NULL,
	`created_at` text NOT NULL,
	`updated_at` text NOT NULL
);
--> statement-breakpoint
CREATE INDEX `classes_owner_idx` ON `classes` (`owner_user_id`);--> statement-breakpoint
CREATE TABLE `essay_associations` (
	`batch_id` text NOT NULL,
	`essay_id` text NOT NULL,
	`original_file_name` text NOT NULL,
	`parsed_name` text,
	`parsed_email` text,
	`suggested_student_id` text,
	`confidence` real NOT NULL,
	`match_reason` text,
	`student_id` text,
	PRIMARY KEY(`batch_id`, `essay_id`),
	FOREIGN KEY (`batch_id`) REFERENCES `batch_matchings`(`batch_id`) ON UPDATE no action ON DELETE cascade
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
CREATE TABLE `processed_events` (
	`consumer` text NOT NULL,
	`event_id` text NOT NULL,
	`processed_at` text NOT NULL,
	PRIMARY KEY(`consumer`, `event_id`)
);
--> statement-breakpoint
CREATE TABLE `students` (
	`student_id` text PRIMARY KEY NOT NULL,
	`class_id` text NOT NULL,
	`first_name` text NOT NULL,
	`last_name` text NOT NULL,
	`email` text,
	`created_at` text NOT NULL,
	FOREIGN KEY (`class_id`) REFERENCES `classes`(`class_id`) ON UPDATE no action ON DELETE cascade
);
--> statement-breakpoint
CREATE INDEX `students_class_idx` ON `students` (`class_id`);