CREATE TABLE `cj_cancellations` (
	`batch_id` text PRIMARY KEY NOT NULL,
	`cancelled_at` text NOT NULL,
	`comparisons_charged` integer NOT NULL
);
