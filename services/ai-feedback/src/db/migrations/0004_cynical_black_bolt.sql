CREATE TABLE `essay_cj_positions` (
	`essay_id` text PRIMARY KEY NOT NULL,
	`batch_id` text NOT NULL,
	`rank` integer NOT NULL,
	`ranked_essays` integer NOT NULL,
	`score_z` real,
	`observed_at` text NOT NULL
);
