import { and, eq, inArray } from "drizzle-orm";
import type { EssayStatus } from "@shared/contracts/enums.ts";
import type { DbOrTx } from "@shared/db/database.ts";
import { essays } from "./schema.ts";

// Essay status changes. The state machine decides; this module applies a decided move atomically.

export function findEssay(tx: DbOrTx, essayId: string) {
  return tx.select().from(essays).where(eq(essays.essayId, essayId)).get();
}

export function findEssays(tx: DbOrTx, essayIds: readonly string[]) {
  if (essayIds.length === 0) return [];
  return tx.select().from(essays).where(inArray(essays.essayId, [...essayIds])).all();
}

/**
 * Compare-and-set: move the essay only if it is still in `from`. Optionally replace its current
 * text (spellcheck's corrected text becomes the next phase's input).
 */
export function moveEssayStatus(tx: DbOrTx, essayId: string, from: EssayStatus, to: EssayStatus, textStorageId?: string): boolean {
  const updated = tx
    .update(essays)
    .set({ status: to, updatedAt: new Date().toISOString(), ...(textStorageId ? { textStorageId } : {}) })
    .where(and(eq(essays.essayId, essayId), eq(essays.status, from)))
    .returning({ essayId: essays.essayId })
    .all();
  return updated.length > 0;
}
