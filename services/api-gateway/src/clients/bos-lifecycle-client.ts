import * as v from "valibot";
import type { Upstream } from "./upstream.ts";

export const BatchErasureAcceptedSchema = v.pipe(
  v.object({ batch_id: v.string(), status: v.literal("erasing"), participants: v.array(v.string()) }),
  v.title("BatchErasureAccepted"),
);

const path = (id: string) => encodeURIComponent(id);

/** BOS's lifecycle routes as the gateway uses them: `POST /internal/v1/batches/{id}/erasure`. */
export function createBosLifecycleClient(upstream: Upstream) {
  return {
    /** Start erasing; undefined when BOS does not know the batch for this user. */
    async requestErasure(batchId: string, userId: string, correlationId: string) {
      const answer = await upstream.call({ method: "POST", path: `/internal/v1/batches/${path(batchId)}/erasure`, json: { user_id: userId }, correlationId });
      if (answer.status === 404) return undefined;
      if (answer.status !== 202) throw upstream.failure(answer, correlationId);
      return upstream.parse(BatchErasureAcceptedSchema, answer, correlationId);
    },
  };
}
export type BosLifecycleClient = ReturnType<typeof createBosLifecycleClient>;
