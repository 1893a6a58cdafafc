import { and, eq, inArray } from "drizzle-orm";
import type { LlmComparisonResult, LlmFeedbackResult } from "@shared/contracts/events/llm.ts";
import type { Db, DbOrTx } from "@shared/db/database.ts";
import { type QueuedPayload, RequestStatus } from "./request-states.ts";
import { requestStatements } from "./request-statements.ts";
import { llmRequests } from "./schema.ts";

/** A queue row with its payload (stored beside it, in llm_request_payloads). */
export type RequestRow = typeof llmRequests.$inferSelect & { payload: QueuedPayload };
export type NewRequestRow = Omit<typeof llmRequests.$inferInsert, "status" | "result" | "takes" | "startedAt" | "completedAt" | "batchId"> & { payload: QueuedPayload };
export type ResultData = LlmComparisonResult | LlmFeedbackResult;
/** What `take` adds to the head it took: none (limit 1), its bundle, or more of its provider and kind. */
export interface TakeCompanions {
  readonly limit: number;
  readonly with: "bundle" | "kind";
}

const OPEN = [RequestStatus.QUEUED, RequestStatus.IN_PROGRESS];

/**
 * The request queue; the only module that speaks SQL for LPS. The hot paths run prepared statements
 * (request-statements.ts) on the connection: a `tx` argument only says which transaction the caller
 * has open there, and is kept so the call sites read as before.
 */
export function createRequestRepository(db: Db) {
  const s = () => requestStatements(db);
  // The row and its payload together (the caller's transaction); a known id inserts neither.
  const insert = (row: NewRequestRow, status: RequestStatus, result: ResultData | null, completedAt: string | null): boolean => {
    const inserted = s().insert.all({
      requestId: row.requestId, kind: row.kind, status, provider: row.provider, model: row.model, priority: row.priority,
      expiresAtMs: row.expiresAtMs ?? null, enqueuedAtMs: row.enqueuedAtMs, bundleKey: row.bundleKey ?? null, callbackTopic: row.callbackTopic,
      correlationId: row.correlationId, batchId: row.payload.request.metadata.batch_id ?? null, result: result === null ? null : JSON.stringify(result),
      createdAt: row.createdAt, completedAt,
    }).length > 0;
    if (inserted) s().insertPayload.run({ requestId: row.requestId, payload: JSON.stringify(row.payload) });
    return inserted;
  };
  return {
    find(requestId: string, _tx: DbOrTx = db): RequestRow | undefined {
      return s().find.get({ requestId });
    },

    /** The request's status, or undefined for an unknown id (reads no payload). */
    statusOf(requestId: string, _tx: DbOrTx = db): RequestStatus | undefined {
      return s().status.get({ requestId })?.status;
    },

    /** Queue a request; false when the request id is already known (a duplicate). */
    insertQueued(_tx: DbOrTx, row: NewRequestRow): boolean {
      return insert(row, RequestStatus.QUEUED, null, null);
    },

    /** Record a request that is answered at intake (expired, unresolvable); false for a duplicate. */
    insertAnswered(_tx: DbOrTx, row: NewRequestRow, status: RequestStatus, result: ResultData, at: string): boolean {
      return insert(row, status, result, at);
    },

    /**
     * Atomically take the most urgent unexpired request and up to `limit - 1` more in urgency
     * order: with `with: "bundle"` those with its bundle key (one vendor call), with `with: "kind"`
     * any of its provider and kind (the local judge answers a whole take in one worker turn).
     */
    take(nowMs: number, companions: (head: RequestRow) => TakeCompanions): RequestRow[] {
      return db.transaction(
        () => {
          const head = s().head.get({ nowMs });
          if (!head) return [];
          const { limit, with: match } = companions(head);
          const others =
            limit <= 1 ? []
              : match === "bundle" && head.bundleKey ? s().sameBundle.all({ nowMs, bundleKey: head.bundleKey, kind: head.kind, limit })
                : match === "kind" ? s().sameKind.all({ nowMs, provider: head.provider, kind: head.kind, limit })
                  : [];
          const taken = [head, ...others.filter((r) => r.requestId !== head.requestId).slice(0, limit - 1)];
          const startedAt = new Date(nowMs).toISOString();
          for (const row of taken) s().start.run({ requestId: row.requestId, startedAt });
          return taken.map((row) => ({ ...row, status: RequestStatus.IN_PROGRESS, startedAt, takes: row.takes + 1 }));
        },
        { behavior: "immediate" },
      );
    },

    /** Whether any queued request's expiry has passed (an index probe; no transaction needed to ask). */
    anyDueForExpiry(nowMs: number): boolean {
      return s().anyDue.get({ nowMs }) !== undefined;
    },

    /** Queued requests whose expiry has passed (to be answered EXPIRED). */
    dueForExpiry(_tx: DbOrTx, nowMs: number, limit = 500): RequestRow[] {
      return s().due.all({ nowMs, limit });
    },

    /** Store the answer; false when the request was already answered (nothing changes then). */
    markAnswered(_tx: DbOrTx, requestId: string, status: RequestStatus, result: ResultData, at: string): boolean {
      return s().answer.all({ requestId, status, result: JSON.stringify(result), completedAt: at }).length > 0;
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
      return s().depth.get()?.n ?? 0;
    },
  };
}
export type RequestRepository = ReturnType<typeof createRequestRepository>;
