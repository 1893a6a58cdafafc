import { and, eq } from "drizzle-orm";
import type { DbOrTx } from "@shared/db/database.ts";
import { FeedbackRequestStatus } from "../domain/feedback-status.ts";
import { feedbackRequests, processedEvents } from "./schema.ts";

export type FeedbackRequestRecord = typeof feedbackRequests.$inferSelect;
export type NewFeedbackRequest = Omit<typeof feedbackRequests.$inferInsert, "completedAt" | "provider" | "feedbackStorageId" | "feedbackJsonStorageId" | "errorCode">;

/** How a request ended. */
export type FeedbackOutcome =
  | { status: "succeeded"; feedbackStorageId: string; feedbackJsonStorageId: string | null; provider: string }
  | { status: "failed"; errorCode: string; provider: string | null };

export function insertFeedbackRequest(db: DbOrTx, row: NewFeedbackRequest): void {
  db.insert(feedbackRequests).values(row).run();
}

export function findFeedbackRequest(db: DbOrTx, requestId: string): FeedbackRequestRecord | undefined {
  return db.select().from(feedbackRequests).where(eq(feedbackRequests.requestId, requestId)).get();
}

/** Settle a request still waiting for its result; false when it was already settled. */
export function settleFeedbackRequest(db: DbOrTx, requestId: string, outcome: FeedbackOutcome): boolean {
  const settled = db.update(feedbackRequests).set({
    status: outcome.status === "succeeded" ? FeedbackRequestStatus.SUCCEEDED : FeedbackRequestStatus.FAILED,
    provider: outcome.provider,
    feedbackStorageId: outcome.status === "succeeded" ? outcome.feedbackStorageId : null,
    feedbackJsonStorageId: outcome.status === "succeeded" ? outcome.feedbackJsonStorageId : null,
    errorCode: outcome.status === "failed" ? outcome.errorCode : null,
    completedAt: new Date().toISOString(),
  }).where(and(eq(feedbackRequests.requestId, requestId), eq(feedbackRequests.status, FeedbackRequestStatus.REQUESTED)))
    .returning({ requestId: feedbackRequests.requestId }).all();
  return settled.length > 0;
}

/** True when this consumer has already applied the event (checked before doing slow I/O for it). */
export function alreadyProcessed(db: DbOrTx, consumer: string, eventId: string): boolean {
  return db.select({ eventId: processedEvents.eventId }).from(processedEvents)
    .where(and(eq(processedEvents.consumer, consumer), eq(processedEvents.eventId, eventId))).get() !== undefined;
}
