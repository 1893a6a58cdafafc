// Relative imports only: drizzle-kit does not resolve the `@shared` alias.
import { index, integer, sqliteTable, text } from "drizzle-orm/sqlite-core";
import { enumCheck } from "../../../../shared/db/schema.ts";
import { EmailLanguageSchema, EmailTemplateSchema } from "../../../../shared/contracts/events/email.ts";

export { outbox, processedEvents } from "../../../../shared/db/schema.ts";

export const EmailStatus = { PENDING: "pending", SENT: "sent", FAILED: "failed" } as const;
export type EmailStatus = (typeof EmailStatus)[keyof typeof EmailStatus];

/** One row per requested message: its delivery state is the queue the sender works through. */
export const emails = sqliteTable(
  "emails",
  {
    messageId: text("message_id").primaryKey(),
    template: text("template").notNull(),
    language: text("language").notNull(),
    recipient: text("recipient").notNull(),
    userId: text("user_id"),
    /** JSON of the template variables (tokens included), needed to render on each attempt. */
    variables: text("variables").notNull(),
    correlationId: text("correlation_id").notNull(),
    status: text("status").$type<EmailStatus>().notNull(),
    attempts: integer("attempts").notNull().default(0),
    /** Epoch ms when the next attempt is due (pending only). */
    nextAttemptAt: integer("next_attempt_at"),
    /** Epoch ms until which one sender holds the row (crash-safe claim). */
    claimedUntil: integer("claimed_until"),
    providerMessageId: text("provider_message_id"),
    lastError: text("last_error"),
    createdAt: text("created_at").notNull(),
    sentAt: text("sent_at"),
  },
  (t) => [
    index("emails_due_idx").on(t.status, t.nextAttemptAt),
    index("emails_recipient_idx").on(t.recipient),
    enumCheck("emails_status_check", t.status, Object.values(EmailStatus)),
    enumCheck("emails_template_check", t.template, EmailTemplateSchema.options),
    enumCheck("emails_language_check", t.language, EmailLanguageSchema.options),
  ],
);
