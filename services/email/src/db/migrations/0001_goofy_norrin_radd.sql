PRAGMA foreign_keys=OFF;--> statement-breakpoint
CREATE TABLE `__new_emails` (
	`message_id` text PRIMARY KEY NOT NULL,
	`template` text NOT NULL,
	`language` text NOT NULL,
	`recipient` text NOT NULL,
	`user_id` text,
	`variables` text NOT NULL,
	`correlation_id` text NOT NULL,
	`status` text NOT NULL,
	`attempts` integer DEFAULT 0 NOT NULL,
	`next_attempt_at` integer,
	`claimed_until` integer,
	`provider_message_id` text,
	`last_error` text,
	`created_at` text NOT NULL,
	`sent_at` text,
	CONSTRAINT "emails_status_check" CHECK("__new_emails"."status" IN ('pending', 'sent', 'failed')),
	CONSTRAINT "emails_template_check" CHECK("__new_emails"."template" IN ('verification', 'welcome', 'password_reset', 'account_exists', 'batch_results_ready', 'retention_notice')),
	CONSTRAINT "emails_language_check" CHECK("__new_emails"."language" IN ('sv', 'en'))
);
--> statement-breakpoint
INSERT INTO `__new_emails`("message_id", "template", "language", "recipient", "user_id", "variables", "correlation_id", "status", "attempts", "next_attempt_at", "claimed_until", "provider_message_id", "last_error", "created_at", "sent_at") SELECT "message_id", "template", "language", "recipient", "user_id", "variables", "correlation_id", "status", "attempts", "next_attempt_at", "claimed_until", "provider_message_id", "last_error", "created_at", "sent_at" FROM `emails`;--> statement-breakpoint
DROP TABLE `emails`;--> statement-breakpoint
ALTER TABLE `__new_emails` RENAME TO `emails`;--> statement-breakpoint
PRAGMA foreign_keys=ON;--> statement-breakpoint
CREATE INDEX `emails_due_idx` ON `emails` (`status`,`next_attempt_at`);--> statement-breakpoint
CREATE INDEX `emails_recipient_idx` ON `emails` (`recipient`);