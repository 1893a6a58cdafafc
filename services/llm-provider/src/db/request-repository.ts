import { and, asc, count, eq, gt, inArray, isNull, lte, or, sql } from "drizzle-orm";
import type { LlmComparisonResult, LlmFeedbackResult } from "@shared/contracts/events/llm.ts";
import type { Db, DbOrTx } from "@shared/db/database.ts";
import { RequestStatus } from "./request-states.ts";
import { llmRequests } from "./schema.ts";

export type RequestRow = typeof llmRequests.$inferSelect;
export type NewRequestRow = Omit<typeof llmRequests.$inferInsert, "status" | "result" | "takes" | "startedAt" | "completedAt">;
export type ResultData = LlmComparisonResult | LlmFeedbackResult;
/** What `take` adds to the head it took: none (limit 1), its bundle, or more of its provider and kind. */
export interface TakeCompanions {
  readonly limit: number;
  readonly with: "bundle" | "kind";
}

const OPEN = [RequestStatus.QUEUED, RequestStatus.IN_PROGRESS];
const notExpired = (nowMs: number) => or(isNull(llmRequests.expiresAtMs), gt(llmRequests.expiresAtMs, nowMs));
// Requests queued in the same millisecond keep their arrival order (SQLite's rowid), not their ids' order.
const urgency = [asc(llmRequests.priority), asc(llmRequests.enqueuedAtMs), asc(sql`rowid`)];

/** The request queue; the only module that speaks SQL for LPS. */
export function createRequestRepository(db: Db) {
  return {
    find(requestId: string, tx: DbOrTx = db): RequestRow | undefined {
      return tx.select().from(llmRequests).where(eq(llmRequests.requestId, requestId)).get();
    },

    /** The request's status, or undefined for an unknown id (reads no payload). */
    statusOf(requestId: string, tx: DbOrTx = db): RequestStatus | undefined {
      return tx.select({ status: llmRequests.status }).from(llmRequests).where(eq(llmRequests.requestId, requestId)).get()?.status;
    },

    /** Queue a request; false when the request id is already known (a duplicate). */
    insertQueued(tx: DbOrTx, row: NewRequestRow): boolean {
      const inserted = tx.insert(llmRequests).values({ ...row, status: RequestStatus.QUEUED }).onConflictDoNothing().returning({ id: llmRequests.requestId }).all();
      return inserted.length > 0;
    },

    /** Record a request that is answered at intake (expired, unresolvable); false for a duplicate. */
    insertAnswered(tx: DbOrTx, row: NewRequestRow, status: RequestStatus, result: ResultData, at: string): boolean {
      const inserted = tx
        .insert(llmRequests)
        .values({ ...row, status, result, completedAt: at })
        .onConflictDoNothing()
        .returning({ id: llmRequests.requestId })
        .all();
      return inserted.length > 0;
    },

    /**
     * Atomically take the most urgent unexpired request and up to `limit - 1` more in urgency
     * order: with `with: "bundle"` those with its bundle key (one vendor call), with `with: "kind"`
     * any of its provider and kind (the local judge answers a whole take in one worker turn).
     */
    take(nowMs: number, companions: (head: RequestRow) => TakeCompanions): RequestRow[] {
      return db.transaction(
        (tx) => {
          const queued = and(eq(llmRequests.status, RequestStatus.QUEUED), notExpired(nowMs));
          const head = tx.select().from(llmRequests).where(queued).orderBy(...urgency).limit(1).get();
          if (!head) return [];
          const { limit, with: match } = companions(head);
          const same = match === "bundle" && head.bundleKey
            ? eq(llmRequests.bundleKey, head.bundleKey)
            : match === "kind" ? eq(llmRequests.provider, head.provider) : undefined;
          const others =
            limit > 1 && same
              ? tx
                  .select()
                  .from(llmRequests)
                  .where(and(queued, same, eq(llmRequests.kind, head.kind)))
                  .orderBy(...urgency)
                  .limit(limit)
                  .all()
                  .filter((r) => r.requestId !== head.requestId)
                  .slice(0, limit - 1)
              : [];
          const taken = [head, ...others];
          const startedAt = new Date(nowMs).toISOString();
          for (const row of taken) {
            tx.update(llmRequests)
              .set({ status: RequestStatus.IN_PROGRESS, startedAt, takes: row.takes + 1 })
              .where(eq(llmRequests.requestId, row.requestId))
              .run();
          }
          return taken.map((row) => ({ ...row, status: RequestStatus.IN_PROGRESS, startedAt, takes: row.takes + 1 }));
        },
        { behavior: "immediate" },
      );
    },

    /** Queued requests whose expiry has passed (to be answered EXPIRED). */
    dueForExpiry(tx: DbOrTx, nowMs: number, limit = 500): RequestRow[] {
      return tx
        .select()
        .from(llmRequests)
        .where(and(eq(llmRequests.status, RequestStatus.QUEUED), lte(llmRequests.expiresAtMs, nowMs)))
        .orderBy(...urgency)
        .limit(limit)
        .all();
    },

    /** Store the answer; false when the request was already answered (nothing changes then). */
    markAnswered(tx: DbOrTx, requestId: string, status: RequestStatus, result: ResultData, at: string): boolean {
      const changed = tx
        .update(llmRequests)
        .set({ status, result, completedAt: at })
        .where(and(eq(llmRequests.requestId, requestId), inArray(llmRequests.status, OPEN)))
        .returning({ id: llmRequests.requestId })
        .all();
      return changed.length > 0;
    },

    /** Put taken requests back (a stop aborted their call). */
    requeue(requestIds: string[]): void {
      if (requestIds.length === 0) return;
      db.update(llmRequests)
        .set({ status: RequestStatus.QUEUED, startedAt: null })
        .where(and(inArray(llmRequests.requestId, requestIds), eq(llmRequests.status, RequestStatus.IN_PROGRESS)))
        .run();
    },

    /** On start: what a previous run of this instance had in flight goes back to the queue. */
    requeueOrphans(): number {
      return db
        .update(llmRequests)
        .set({ status: RequestStatus.QUEUED, startedAt: null })
        .where(eq(llmRequests.status, RequestStatus.IN_PROGRESS))
        .returning({ id: llmRequests.requestId })
        .all().length;
    },

    queueDepth(): number {
      return db.select({ n: count() }).from(llmRequests).where(eq(llmRequests.status, RequestStatus.QUEUED)).get()?.n ?? 0;
    },
  };
}
export type RequestRepository = ReturnType<typeof createRequestRepository>;
