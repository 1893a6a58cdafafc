import * as v from "valibot";
import type { Upstream } from "./upstream.ts";

/** RAS's per-batch view; `user_id` is what ownership is checked on, the rest goes to the owner. */
export const RasBatchViewSchema = v.looseObject({
  batch_id: v.string(),
  user_id: v.string(),
  essays: v.optional(v.array(v.unknown())),
});
export type RasBatchView = v.InferOutput<typeof RasBatchViewSchema>;

/** Result aggregator internal API: `GET /internal/v1/batches/{id}/status` and `/results`. */
export function createRasClient(upstream: Upstream) {
  async function view(batchId: string, which: "status" | "results", correlationId: string): Promise<RasBatchView | undefined> {
    const answer = await upstream.call({ method: "GET", path: `/internal/v1/batches/${encodeURIComponent(batchId)}/${which}`, correlationId });
    if (answer.status === 404) return undefined;
    if (answer.status !== 200) throw upstream.failure(answer, correlationId);
    return upstream.parse(RasBatchViewSchema, answer, correlationId);
  }
  return {
    /** Batch status, phases and counts, or undefined when RAS has none for the batch. */
    getBatchView: (batchId: string, correlationId: string) => view(batchId, "status", correlationId),
    /** Per-essay results (spellcheck, NLP, CJ, feedback), or undefined when RAS has none. */
    getBatchResults: (batchId: string, correlationId: string) => view(batchId, "results", correlationId),
  };
}
export type RasClient = ReturnType<typeof createRasClient>;
