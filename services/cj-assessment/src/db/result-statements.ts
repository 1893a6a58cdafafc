import { and, count, eq, sql } from "drizzle-orm";
import type { Db } from "@shared/db/database.ts";
import { PairStatus, RequestStatus } from "../domain/statuses.ts";
import type { BatchRow } from "./batch-store.ts";
import type { PairRow, RequestRow } from "./comparison-store.ts";
import { cjBatches, cjPairs, cjRequests } from "./schema.ts";

const p = sql.placeholder;

/**
 * What every comparison result reads and writes, prepared once per database. Built by drizzle on
 * each call these statements cost ~35–45 µs each (bench/cj-result-cost.ts); prepared, ~1 µs. A
 * prepared statement runs on the connection, so it is part of whatever transaction is open there.
 */
function prepare(db: Db) {
  return {
    request: db.select().from(cjRequests).where(eq(cjRequests.requestId, p("requestId"))).prepare(),
    batchHead: db.select({ state: cjBatches.state, budget: cjBatches.budget }).from(cjBatches).where(eq(cjBatches.batchId, p("batchId"))).prepare(),
    pair: db.select().from(cjPairs).where(eq(cjPairs.pairId, p("pairId"))).prepare(),
    settle: db
      .update(cjRequests)
      .set({ status: sql`${p("status")}`, answeredAt: sql`${p("answeredAt")}`, errorCode: sql`${p("errorCode")}` })
      .where(and(eq(cjRequests.requestId, p("requestId")), eq(cjRequests.status, RequestStatus.SENT)))
      .returning({ id: cjRequests.requestId })
      .prepare(),
    answer: db
      .update(cjPairs)
      .set({ status: PairStatus.ANSWERED, winner: sql`${p("winner")}`, confidence: sql`${p("confidence")}`, answeredAt: sql`${p("answeredAt")}` })
      .where(and(eq(cjPairs.pairId, p("pairId")), eq(cjPairs.status, PairStatus.PENDING)))
      .returning({ id: cjPairs.pairId })
      .prepare(),
    countAnswer: db
      .update(cjBatches)
      .set({ answeredPairs: sql`${cjBatches.answeredPairs} + 1`, lastActivityAt: sql`${p("at")}` })
      .where(eq(cjBatches.batchId, p("batchId")))
      .prepare(),
    touch: db.update(cjBatches).set({ lastActivityAt: sql`${p("at")}` }).where(eq(cjBatches.batchId, p("batchId"))).prepare(),
    pending: db.select({ n: count() }).from(cjPairs).where(and(eq(cjPairs.batchId, p("batchId")), eq(cjPairs.status, PairStatus.PENDING))).prepare(),
    answered: db.select({ n: cjBatches.answeredPairs }).from(cjBatches).where(eq(cjBatches.batchId, p("batchId"))).prepare(),
  };
}

export interface ResultStatements {
  findRequest(requestId: string): RequestRow | undefined;
  batchHead(batchId: string): Pick<BatchRow, "state" | "budget"> | undefined;
  findPair(pairId: string): PairRow | undefined;
  /** Settle a request that is still out; false when it was answered before (a duplicate). */
  settleRequest(requestId: string, status: RequestStatus, answeredAt: string, errorCode?: string | null): boolean;
  /**
   * Record the winner of a pending pair and count it on its batch (with the batch's last activity),
   * together; false when the pair was settled before, and then nothing is counted.
   */
  answerPair(pair: Pick<PairRow, "pairId" | "batchId">, winner: number, answeredAt: string, confidence: number | null): boolean;
  /** Stamp the batch's last activity (the stall monitor's clock). */
  touchBatch(batchId: string, at: string): void;
  /**
   * Pending pairs (an index range of the round still out) and answered pairs (the batch's counter):
   * what a result needs to know while its round is out, without reading or counting every pair.
   */
  pairStatusCounts(batchId: string): { pending: number; answered: number };
}

const cache = new WeakMap<Db, ResultStatements>();

/** The result path's statements for `db`, prepared on first use (after the migrations ran). */
export function resultStatements(db: Db): ResultStatements {
  const cached = cache.get(db);
  if (cached) return cached;
  const s = prepare(db);
  const statements: ResultStatements = {
    findRequest: (requestId) => s.request.get({ requestId }),
    batchHead: (batchId) => s.batchHead.get({ batchId }),
    findPair: (pairId) => s.pair.get({ pairId }),
    settleRequest: (requestId, status, answeredAt, errorCode = null) => s.settle.all({ requestId, status, answeredAt, errorCode }).length === 1,
    answerPair(pair, winner, answeredAt, confidence) {
      if (s.answer.all({ pairId: pair.pairId, winner, confidence, answeredAt }).length !== 1) return false;
      s.countAnswer.run({ batchId: pair.batchId, at: answeredAt });
      return true;
    },
    touchBatch: (batchId, at) => void s.touch.run({ batchId, at }),
    pairStatusCounts: (batchId) => ({ pending: s.pending.get({ batchId })?.n ?? 0, answered: s.answered.get({ batchId })?.n ?? 0 }),
  };
  cache.set(db, statements);
  return statements;
}
