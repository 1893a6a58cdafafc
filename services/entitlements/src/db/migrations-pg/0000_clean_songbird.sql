CREATE TABLE "accounts" (
	"kind" text NOT NULL,
	"account_id" text NOT NULL,
	"granted" integer NOT NULL,
	"consumed" integer DEFAULT 0 NOT NULL,
	"created_at" text NOT NULL,
	"updated_at" text NOT NULL,
	CONSTRAINT "accounts_kind_account_id_pk" PRIMARY KEY("kind","account_id"),
	CONSTRAINT "accounts_kind_check" CHECK ("accounts"."kind" IN ('user', 'org'))
);
--> statement-breakpoint
CREATE TABLE "consumption_ledger" (
	"event_id" text PRIMARY KEY NOT NULL,
	"account_kind" text NOT NULL,
	"account_id" text NOT NULL,
	"user_id" text NOT NULL,
	"org_id" text,
	"batch_id" text NOT NULL,
	"resource" text NOT NULL,
	"quantity" integer NOT NULL,
	"credits" integer NOT NULL,
	"balance_after" integer NOT NULL,
	"recorded_at" text NOT NULL,
	CONSTRAINT "consumption_ledger_kind_check" CHECK ("consumption_ledger"."account_kind" IN ('user', 'org')),
	CONSTRAINT "consumption_ledger_resource_check" CHECK ("consumption_ledger"."resource" IN ('cj_comparison', 'ai_feedback'))
);
--> statement-breakpoint
CREATE TABLE "credit_adjustments" (
	"adjustment_id" text PRIMARY KEY NOT NULL,
	"account_kind" text NOT NULL,
	"account_id" text NOT NULL,
	"kind" text NOT NULL,
	"credits" integer NOT NULL,
	"reason" text NOT NULL,
	"actor_user_id" text NOT NULL,
	"balance_after" integer NOT NULL,
	"recorded_at" text NOT NULL,
	CONSTRAINT "credit_adjustments_account_kind_check" CHECK ("credit_adjustments"."account_kind" IN ('user', 'org')),
	CONSTRAINT "credit_adjustments_kind_check" CHECK ("credit_adjustments"."kind" IN ('top_up', 'adjustment'))
);
--> statement-breakpoint
CREATE TABLE "outbox" (
	"id" serial PRIMARY KEY NOT NULL,
	"topic" text NOT NULL,
	"event_id" text NOT NULL,
	"envelope" text NOT NULL,
	"dedupe_key" text,
	"created_at" text NOT NULL,
	"published_at" text,
	CONSTRAINT "outbox_event_id_unique" UNIQUE("event_id"),
	CONSTRAINT "outbox_dedupe_key_unique" UNIQUE("dedupe_key")
);
--> statement-breakpoint
CREATE TABLE "processed_events" (
	"consumer" text NOT NULL,
	"event_id" text NOT NULL,
	"processed_at" text NOT NULL,
	CONSTRAINT "processed_events_consumer_event_id_pk" PRIMARY KEY("consumer","event_id")
);
--> statement-breakpoint
CREATE TABLE "user_organisations" (
	"user_id" text PRIMARY KEY NOT NULL,
	"org_id" text NOT NULL,
	"updated_at" text NOT NULL
);
--> statement-breakpoint
CREATE INDEX "consumption_ledger_account_idx" ON "consumption_ledger" USING btree ("account_kind","account_id");--> statement-breakpoint
CREATE INDEX "credit_adjustments_account_idx" ON "credit_adjustments" USING btree ("account_kind","account_id");--> statement-breakpoint
CREATE INDEX "outbox_unpublished_idx" ON "outbox" USING btree ("published_at","id");