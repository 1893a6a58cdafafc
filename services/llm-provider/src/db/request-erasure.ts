import { sql } from "drizzle-orm";
import type { DbOrTx } from "@shared/db/database.ts";

/**
 * Delete the request log of a batch: payloads hold essay texts (fetched inline at intake) and
 * results hold justifications and feedback. Rows are found by the requester's metadata.batch_id.
 */
export function eraseBatchRequests(tx: DbOrTx, batchId: string): number {
  return tx.all<{ id: string }>(
    sql`DELETE FROM llm_requests WHERE json_extract(payload, '$.request.metadata.batch_id') = ${batchId} RETURNING request_id AS id`,
  ).length;
}
