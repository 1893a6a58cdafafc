import { eq } from "drizzle-orm";
import type { DbOrTx } from "@shared/db/database.ts";
import { cjBatches, cjItems, cjPairs, cjRequests } from "./schema.ts";

/** Delete the batch's CJ run: requests, pairs (comparisons), items (text snapshots), scores; rows deleted. */
export function eraseCjBatch(tx: DbOrTx, batchId: string): number {
  let rows = 0;
  rows += tx.delete(cjRequests).where(eq(cjRequests.batchId, batchId)).returning({ id: cjRequests.requestId }).all().length;
  rows += tx.delete(cjPairs).where(eq(cjPairs.batchId, batchId)).returning({ id: cjPairs.pairId }).all().length;
  rows += tx.delete(cjItems).where(eq(cjItems.batchId, batchId)).returning({ id: cjItems.itemIndex }).all().length;
  rows += tx.delete(cjBatches).where(eq(cjBatches.batchId, batchId)).returning({ id: cjBatches.batchId }).all().length;
  return rows;
}
