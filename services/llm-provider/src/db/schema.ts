// Relative imports only: drizzle-kit does not resolve the `@shared` alias.
import { sql } from "drizzle-orm";
import { check, index, integer, sqliteTable, text } from "drizzle-orm/sqlite-core";
import { enumCheck } from "../../../../shared/db/schema.ts";
import { enumValues } from "../../../../shared/contracts/enums.ts";
import type { LlmComparisonResult, LlmFeedbackResult } from "../../../../shared/contracts/events/llm.ts";
import { ProviderNames, type QueuedPayload, RequestKind, RequestStatus } from "./request-states.ts";

export { outbox, processedEvents } from "../../../../shared/db/schema.ts";

/** The durable request queue; a row is answered exactly once (its result goes out through the outbox). */
export const llmRequests = sqliteTable(
  "llm_requests",
  {
    requestId: text("request_id").primaryKey(),
    kind: text("kind").$type<RequestKind>().notNull(),
    status: text("status").$type<RequestStatus>().notNull(),
    /** Resolved at intake: the override, the configured default, or the one a key enables. */
    provider: text("provider").$type<(typeof ProviderNames)[keyof typeof ProviderNames]>().notNull(),
    model: text("model").notNull(),
    /** 0 = most urgent. */
    priority: integer("priority").notNull(),
    expiresAtMs: integer("expires_at_ms"),
    enqueuedAtMs: integer("enqueued_at_ms").notNull(),
    /** Comparisons that may share one vendor call have the same key (provider, model, language, texts of the task). */
    bundleKey: text("bundle_key"),
    callbackTopic: text("callback_topic").notNull(),
    correlationId: text("correlation_id").notNull(),
    /** The requester's metadata.batch_id (erasure and cancellation find a batch's requests by it). */
    batchId: text("batch_id"),
    result: text("result", { mode: "json" }).$type<LlmComparisonResult | LlmFeedbackResult>(),
    /** How many times a worker took it (more than one after a crash or an aborted stop). */
    takes: integer("takes").notNull().default(0),
    createdAt: text("created_at").notNull(),
    startedAt: text("started_at"),
    completedAt: text("completed_at"),
  },
  (t) => [
    enumCheck("llm_requests_status_check", t.status, enumValues(RequestStatus)),
    enumCheck("llm_requests_kind_check", t.kind, enumValues(RequestKind)),
    enumCheck("llm_requests_provider_check", t.provider, enumValues(ProviderNames)),
    check("llm_requests_priority_check", sql`${t.priority} BETWEEN 0 AND 9`),
    index("llm_requests_take_idx").on(t.status, t.priority, t.enqueuedAtMs),
    index("llm_requests_bundle_idx").on(t.status, t.bundleKey, t.priority, t.enqueuedAtMs),
    index("llm_requests_expiry_idx").on(t.status, t.expiresAtMs),
    index("llm_requests_batch_idx").on(t.batchId),
  ],
);

/**
 * The request as queued (essay texts inline), beside its row: a take and an answer rewrite only the
 * small queue row, not kilobytes of essay text with it (bench/lps-request-cost.ts, issue 14).
 * Written with its request in one transaction and erased with it.
 */
export const llmRequestPayloads = sqliteTable("llm_request_payloads", {
  requestId: text("request_id").primaryKey(),
  payload: text("payload", { mode: "json" }).$type<QueuedPayload>().notNull(),
});
