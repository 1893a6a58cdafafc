import { asc, eq } from "drizzle-orm";
import type { Db } from "@shared/db/database.ts";
import { batches, essays, phaseRunEssays, phaseRuns } from "./schema.ts";

// Reads for the API process; it never writes.

export function findBatchWithEssays(db: Db, batchId: string) {
  const batch = db.select().from(batches).where(eq(batches.batchId, batchId)).get();
  if (!batch) return undefined;
  const rows = db.select().from(essays).where(eq(essays.batchId, batchId)).orderBy(asc(essays.slotIndex)).all();
  return { batch, essays: rows };
}

export function findEssayWithHistory(db: Db, essayId: string) {
  const essay = db.select().from(essays).where(eq(essays.essayId, essayId)).get();
  if (!essay) return undefined;
  const history = db
    .select({
      runId: phaseRuns.runId, phase: phaseRuns.phase, runStatus: phaseRuns.status, startedAt: phaseRuns.startedAt,
      status: phaseRunEssays.status, inputTextStorageId: phaseRunEssays.inputTextStorageId,
      resultTextStorageId: phaseRunEssays.resultTextStorageId, failureReason: phaseRunEssays.failureReason, finishedAt: phaseRunEssays.finishedAt,
    })
    .from(phaseRunEssays)
    .innerJoin(phaseRuns, eq(phaseRuns.runId, phaseRunEssays.runId))
    .where(eq(phaseRunEssays.essayId, essayId))
    .orderBy(asc(phaseRuns.startedAt))
    .all();
  return { essay, history };
}
