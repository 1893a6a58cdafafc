CREATE TABLE `feedback_cancellations` (
	`batch_id` text PRIMARY KEY NOT NULL,
	`cancelled_at` text NOT NULL
);
