import { eq, inArray } from "drizzle-orm";
import type { DbOrTx } from "@shared/db/database.ts";
import { batchErasures } from "./erasure-schema.ts";
import { batches, essayFailures, essays, pipelinePhases, pipelineRuns, provisioningFailures } from "./schema.ts";

export type ErasureRecord = typeof batchErasures.$inferSelect;
export type ErasureReason = ErasureRecord["reason"];

/** Delete the batch's whole context (essays, runs, phases, failures, the batch); the essay ids it had. */
export function deleteBatchContext(tx: DbOrTx, batchId: string): string[] {
  const essayIds = tx.select({ id: essays.essayId }).from(essays).where(eq(essays.batchId, batchId)).all().map((r) => r.id);
  const runIds = tx.select({ id: pipelineRuns.runId }).from(pipelineRuns).where(eq(pipelineRuns.batchId, batchId)).all().map((r) => r.id);
  if (runIds.length > 0) {
    tx.delete(essayFailures).where(inArray(essayFailures.runId, runIds)).run();
    tx.delete(pipelinePhases).where(inArray(pipelinePhases.runId, runIds)).run();
    tx.delete(pipelineRuns).where(inArray(pipelineRuns.runId, runIds)).run();
  }
  tx.delete(provisioningFailures).where(eq(provisioningFailures.batchId, batchId)).run();
  tx.delete(essays).where(eq(essays.batchId, batchId)).run();
  tx.delete(batches).where(eq(batches.batchId, batchId)).run();
  return essayIds;
}

export function insertErasure(tx: DbOrTx, row: Omit<ErasureRecord, "completedServices" | "completedAt">): void {
  tx.insert(batchErasures).values({ ...row, completedServices: [], completedAt: null }).run();
}

export function findErasure(db: DbOrTx, batchId: string): ErasureRecord | undefined {
  return db.select().from(batchErasures).where(eq(batchErasures.batchId, batchId)).get();
}

/** Record that `service` finished; the updated record (completed when every participant has). */
export function recordErasureStep(tx: DbOrTx, batchId: string, service: string, completedAt: string | null): ErasureRecord | undefined {
  const row = findErasure(tx, batchId);
  if (!row) return undefined;
  const completedServices = row.completedServices.includes(service) ? row.completedServices : [...row.completedServices, service];
  tx.update(batchErasures).set({ completedServices, completedAt: row.completedAt ?? completedAt }).where(eq(batchErasures.batchId, batchId)).run();
  return findErasure(tx, batchId);
}

/** Every participant has reported. */
export function erasureDone(row: Pick<ErasureRecord, "participants" | "completedServices">, extra?: string): boolean {
  const done = new Set([...row.completedServices, ...(extra ? [extra] : [])]);
  return row.participants.every((p) => done.has(p));
}
