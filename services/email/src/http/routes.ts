import type { Hono } from "hono";
import type { EmailLanguage, EmailTemplate } from "@shared/contracts/events/email.ts";
import { HuleEduError } from "@shared/contracts/errors.ts";
import type { Db } from "@shared/db/database.ts";
import type { AppEnv } from "@shared/http/app.ts";
import { readParams, readQuery } from "@shared/http/validate.ts";
import { findEmail, listEmailsTo, type EmailRow } from "../db/email-repository.ts";
import type { EmailStatus } from "../db/schema.ts";
import { MessageParamsSchema, RecipientQuerySchema, type EmailRecord } from "./schemas.ts";

// Variables (tokens, links) are never part of the view.
function recordView(row: EmailRow): EmailRecord {
  return {
    message_id: row.messageId, template: row.template as EmailTemplate, language: row.language as EmailLanguage,
    recipient: row.recipient, status: row.status as EmailStatus, attempts: row.attempts,
    provider_message_id: row.providerMessageId, last_error: row.lastError,
    next_attempt_at: row.nextAttemptAt === null ? null : new Date(row.nextAttemptAt).toISOString(),
    created_at: row.createdAt, sent_at: row.sentAt,
  };
}

/** Internal reads of the mail records (operators, tests). */
export function registerEmailRoutes(app: Hono<AppEnv>, deps: { db: Db }): void {
  app.get("/internal/v1/emails/:message_id", (c) => {
    const { message_id } = readParams(c, MessageParamsSchema);
    const row = findEmail(deps.db, message_id);
    if (!row) throw new HuleEduError("RESOURCE_NOT_FOUND", "No such e-mail", { message_id });
    return c.json(recordView(row));
  });
  app.get("/internal/v1/emails", (c) => {
    const { recipient } = readQuery(c, RecipientQuerySchema);
    return c.json({ emails: listEmailsTo(deps.db, recipient, 100).map(recordView) });
  });
}
