import { sql } from "drizzle-orm";
import type { DbOrTx } from "@shared/db/database.ts";

/**
 * Delete the request log of a batch: payloads hold essay texts (fetched inline at intake) and
 * results hold justifications and feedback. Rows are found by the requester's metadata.batch_id
 * (the indexed batch_id column); each payload goes with its row.
 */
export function eraseBatchRequests(tx: DbOrTx, batchId: string): number {
  tx.run(sql`DELETE FROM llm_request_payloads WHERE request_id IN (SELECT request_id FROM llm_requests WHERE batch_id = ${batchId})`);
  return tx.all<{ id: string }>(sql`DELETE FROM llm_requests WHERE batch_id = ${batchId} RETURNING request_id AS id`).length;
}
