CREATE TABLE `credit_adjustments` (
	`adjustment_id` text PRIMARY KEY NOT NULL,
	`account_kind` text NOT NULL,
	`account_id` text NOT NULL,
	`kind` text NOT NULL,
	`credits` integer NOT NULL,
	`reason` text NOT NULL,
	`actor_user_id` text NOT NULL,
	`balance_after` integer NOT NULL,
	`recorded_at` text NOT NULL,
	CONSTRAINT "credit_adjustments_account_kind_check" CHECK("credit_adjustments"."account_kind" IN ('user', 'org')),
	CONSTRAINT "credit_adjustments_kind_check" CHECK("credit_adjustments"."kind" IN ('top_up', 'adjustment'))
);
--> statement-breakpoint
CREATE INDEX `credit_adjustments_account_idx` ON `credit_adjustments` (`account_kind`,`account_id`);