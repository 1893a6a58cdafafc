import { and, asc, desc, eq, inArray, isNull, lte, or, sql } from "drizzle-orm";
import type { DbOrTx } from "@shared/db/database.ts";
import type { EmailLanguage, EmailTemplate } from "@shared/contracts/events/email.ts";
import { emails, EmailStatus } from "./schema.ts";

export type EmailRow = typeof emails.$inferSelect;

export interface EmailRequest {
  messageId: string;
  template: EmailTemplate;
  language: EmailLanguage;
  recipient: string;
  userId: string | null;
  variables: Record<string, string>;
  correlationId: string;
}

/**
 * Record a requested mail as pending. A request for a message that already failed puts it back in
 * the queue (a DLQ replay); a pending or sent one is left alone.
 */
export function recordRequest(tx: DbOrTx, request: EmailRequest, now: number): "queued" | "requeued" | "known" {
  const inserted = tx
    .insert(emails)
    .values({
      ...request, variables: JSON.stringify(request.variables), status: EmailStatus.PENDING,
      attempts: 0, nextAttemptAt: now, createdAt: new Date(now).toISOString(),
    })
    .onConflictDoNothing()
    .returning({ id: emails.messageId })
    .all();
  if (inserted.length > 0) return "queued";
  const requeued = tx
    .update(emails)
    .set({ status: EmailStatus.PENDING, nextAttemptAt: now, attempts: 0, claimedUntil: null, lastError: null })
    .where(and(eq(emails.messageId, request.messageId), eq(emails.status, EmailStatus.FAILED)))
    .returning({ id: emails.messageId })
    .all();
  return requeued.length > 0 ? "requeued" : "known";
}

/** Claim up to `limit` due pending mails for `leaseMs` in one statement, so two senders never take the same row. */
export function claimDueEmails(db: DbOrTx, now: number, leaseMs: number, limit: number): EmailRow[] {
  const due = db
    .select({ id: emails.messageId })
    .from(emails)
    .where(and(eq(emails.status, EmailStatus.PENDING), lte(emails.nextAttemptAt, now), or(isNull(emails.claimedUntil), lte(emails.claimedUntil, now))))
    .orderBy(asc(emails.nextAttemptAt))
    .limit(limit);
  return db
    .update(emails)
    .set({ claimedUntil: now + leaseMs, attempts: sql`${emails.attempts} + 1` })
    .where(and(inArray(emails.messageId, due), eq(emails.status, EmailStatus.PENDING)))
    .returning()
    .all();
}

export function markSent(tx: DbOrTx, messageId: string, providerMessageId: string, now: number): void {
  tx.update(emails)
    .set({ status: EmailStatus.SENT, providerMessageId, sentAt: new Date(now).toISOString(), nextAttemptAt: null, claimedUntil: null, lastError: null })
    .where(eq(emails.messageId, messageId))
    .run();
}

export function markRetry(tx: DbOrTx, messageId: string, nextAttemptAt: number, error: string): void {
  tx.update(emails).set({ nextAttemptAt, claimedUntil: null, lastError: error }).where(eq(emails.messageId, messageId)).run();
}

export function markFailed(tx: DbOrTx, messageId: string, error: string): void {
  tx.update(emails).set({ status: EmailStatus.FAILED, nextAttemptAt: null, claimedUntil: null, lastError: error }).where(eq(emails.messageId, messageId)).run();
}

/** The earliest time a pending mail becomes due, so the sender can sleep until then. */
export function nextDueAt(db: DbOrTx): number | undefined {
  const row = db
    .select({ at: sql<number>`min(coalesce(max(${emails.nextAttemptAt}, coalesce(${emails.claimedUntil}, 0)), 0))` })
    .from(emails)
    .where(eq(emails.status, EmailStatus.PENDING))
    .get();
  return row?.at ?? undefined;
}

export function findEmail(db: DbOrTx, messageId: string): EmailRow | undefined {
  return db.select().from(emails).where(eq(emails.messageId, messageId)).get();
}

export function listEmailsTo(db: DbOrTx, recipient: string, limit: number): EmailRow[] {
  return db.select().from(emails).where(eq(emails.recipient, recipient)).orderBy(desc(emails.createdAt)).limit(limit).all();
}
