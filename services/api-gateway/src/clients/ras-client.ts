import { BatchResultsViewSchema, BatchStatusViewSchema, type BatchResultsView, type BatchStatusView } from "@shared/contracts/batch-results.ts";
import type { Upstream } from "./upstream.ts";

/**
 * Result aggregator internal API: `GET /internal/v1/batches/{id}/status` and `/results`, parsed with
 * the shared results contract; `user_id` is what ownership is checked on, the rest goes to the owner.
 */
export function createRasClient(upstream: Upstream) {
  async function call(batchId: string, which: "status" | "results", correlationId: string) {
    const answer = await upstream.call({ method: "GET", path: `/internal/v1/batches/${encodeURIComponent(batchId)}/${which}`, correlationId });
    if (answer.status === 404) return undefined;
    if (answer.status !== 200) throw upstream.failure(answer, correlationId);
    return answer;
  }
  return {
    /** Batch status, phases and counts, or undefined when RAS has none for the batch. */
    async getBatchView(batchId: string, correlationId: string): Promise<BatchStatusView | undefined> {
      const answer = await call(batchId, "status", correlationId);
      return answer && upstream.parse(BatchStatusViewSchema, answer, correlationId);
    },
    /** Per-essay results (spellcheck, NLP, CJ, feedback), or undefined when RAS has none. */
    async getBatchResults(batchId: string, correlationId: string): Promise<BatchResultsView | undefined> {
      const answer = await call(batchId, "results", correlationId);
      return answer && upstream.parse(BatchResultsViewSchema, answer, correlationId);
    },
  };
}
export type RasClient = ReturnType<typeof createRasClient>;
