import { and, asc, count, eq, getTableColumns, gt, inArray, isNull, lte, or, sql } from "drizzle-orm";
import type { Db } from "@shared/db/database.ts";
import { RequestStatus } from "./request-states.ts";
import { llmRequestPayloads, llmRequests } from "./schema.ts";

const p = sql.placeholder;
const OPEN = [RequestStatus.QUEUED, RequestStatus.IN_PROGRESS];
const queued = and(eq(llmRequests.status, RequestStatus.QUEUED), or(isNull(llmRequests.expiresAtMs), gt(llmRequests.expiresAtMs, p("nowMs"))));
// Requests queued in the same millisecond keep their arrival order (SQLite's rowid), not their ids' order.
const urgency = [asc(llmRequests.priority), asc(llmRequests.enqueuedAtMs), asc(sql`${llmRequests}.rowid`)];
/** A queue row with its payload: what a worker (and the status route) reads. */
const withPayload = { ...getTableColumns(llmRequests), payload: llmRequestPayloads.payload };
const onPayload = eq(llmRequestPayloads.requestId, llmRequests.requestId);

/**
 * The queue's hot statements, prepared once per database. Built by drizzle on every call they cost
 * several times the SQL they run (bench/lps-request-cost.ts, issue 14). A prepared statement runs
 * on the connection, so it is part of whatever transaction is open there. JSON columns are bound as
 * text the caller serialised (`sql` placeholders skip drizzle's encoder), so a payload is
 * stringified exactly once.
 */
function prepare(db: Db) {
  return {
    find: db.select(withPayload).from(llmRequests).innerJoin(llmRequestPayloads, onPayload).where(eq(llmRequests.requestId, p("requestId"))).prepare(),
    status: db.select({ status: llmRequests.status }).from(llmRequests).where(eq(llmRequests.requestId, p("requestId"))).prepare(),
    insert: db
      .insert(llmRequests)
      .values({
        requestId: p("requestId"), kind: p("kind"), status: p("status"), provider: p("provider"), model: p("model"), priority: p("priority"),
        expiresAtMs: p("expiresAtMs"), enqueuedAtMs: p("enqueuedAtMs"), bundleKey: p("bundleKey"), callbackTopic: p("callbackTopic"),
        correlationId: p("correlationId"), batchId: p("batchId"), result: sql`${p("result")}`, createdAt: p("createdAt"), completedAt: p("completedAt"),
      })
      .onConflictDoNothing()
      .returning({ id: llmRequests.requestId })
      .prepare(),
    insertPayload: db.insert(llmRequestPayloads).values({ requestId: p("requestId"), payload: sql`${p("payload")}` }).prepare(),
    head: db.select(withPayload).from(llmRequests).innerJoin(llmRequestPayloads, onPayload).where(queued).orderBy(...urgency).limit(1).prepare(),
    sameBundle: db
      .select(withPayload).from(llmRequests).innerJoin(llmRequestPayloads, onPayload)
      .where(and(queued, eq(llmRequests.bundleKey, p("bundleKey")), eq(llmRequests.kind, p("kind"))))
      .orderBy(...urgency).limit(p("limit")).prepare(),
    sameKind: db
      .select(withPayload).from(llmRequests).innerJoin(llmRequestPayloads, onPayload)
      .where(and(queued, eq(llmRequests.provider, p("provider")), eq(llmRequests.kind, p("kind"))))
      .orderBy(...urgency).limit(p("limit")).prepare(),
    start: db
      .update(llmRequests)
      .set({ status: RequestStatus.IN_PROGRESS, startedAt: sql`${p("startedAt")}`, takes: sql`${llmRequests.takes} + 1` })
      .where(eq(llmRequests.requestId, p("requestId")))
      .prepare(),
    due: db
      .select(withPayload).from(llmRequests).innerJoin(llmRequestPayloads, onPayload)
      .where(and(eq(llmRequests.status, RequestStatus.QUEUED), lte(llmRequests.expiresAtMs, p("nowMs"))))
      .orderBy(...urgency).limit(p("limit")).prepare(),
    anyDue: db
      .select({ id: llmRequests.requestId }).from(llmRequests)
      .where(and(eq(llmRequests.status, RequestStatus.QUEUED), lte(llmRequests.expiresAtMs, p("nowMs"))))
      .limit(1).prepare(),
    answer: db
      .update(llmRequests)
      .set({ status: sql`${p("status")}`, result: sql`${p("result")}`, completedAt: sql`${p("completedAt")}` })
      .where(and(eq(llmRequests.requestId, p("requestId")), inArray(llmRequests.status, OPEN)))
      .returning({ id: llmRequests.requestId })
      .prepare(),
    depth: db.select({ n: count() }).from(llmRequests).where(eq(llmRequests.status, RequestStatus.QUEUED)).prepare(),
  };
}
export type RequestStatements = ReturnType<typeof prepare>;

const cache = new WeakMap<Db, RequestStatements>();

/** The queue's statements for `db`, prepared on first use (after the migrations ran). */
export function requestStatements(db: Db): RequestStatements {
  let s = cache.get(db);
  if (!s) {
    s = prepare(db);
    cache.set(db, s);
  }
  return s;
}
