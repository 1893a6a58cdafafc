import * as v from "valibot";
import type { Upstream } from "./upstream.ts";

export const BatchErasureAcceptedSchema = v.pipe(
  v.object({ batch_id: v.string(), status: v.literal("erasing"), participants: v.array(v.string()) }),
  v.title("BatchErasureAccepted"),
);

export const EssaySlotsAddedSchema = v.pipe(
  v.object({ batch_id: v.string(), essay_ids: v.array(v.string()), expected_essay_count: v.number() }),
  v.title("EssaySlotsAdded"),
);
export const EssayRemovedSchema = v.pipe(
  v.object({ batch_id: v.string(), essay_id: v.string(), expected_essay_count: v.number() }),
  v.title("EssayRemoved"),
);

const path = (id: string) => encodeURIComponent(id);

/**
 * BOS's lifecycle routes as the gateway uses them: `POST /internal/v1/batches/{id}/erasure`,
 * `POST /internal/v1/batches/{id}/essays`, `POST /internal/v1/batches/{id}/essays/{essay_id}/removal`.
 */
export function createBosLifecycleClient(upstream: Upstream) {
  return {
    /** Start erasing; undefined when BOS does not know the batch for this user. */
    async requestErasure(batchId: string, userId: string, correlationId: string) {
      const answer = await upstream.call({ method: "POST", path: `/internal/v1/batches/${path(batchId)}/erasure`, json: { user_id: userId }, correlationId });
      if (answer.status === 404) return undefined;
      if (answer.status !== 202) throw upstream.failure(answer, correlationId);
      return upstream.parse(BatchErasureAcceptedSchema, answer, correlationId);
    },
    /** Add empty slots; undefined when BOS does not know the batch for this user. */
    async addEssaySlots(batchId: string, userId: string, count: number, correlationId: string) {
      const answer = await upstream.call({ method: "POST", path: `/internal/v1/batches/${path(batchId)}/essays`, json: { user_id: userId, count }, correlationId });
      if (answer.status === 404) return undefined;
      if (answer.status !== 201) throw upstream.failure(answer, correlationId);
      return upstream.parse(EssaySlotsAddedSchema, answer, correlationId);
    },
    /** Remove one essay; undefined when BOS knows no such batch or essay for this user. */
    async removeEssay(batchId: string, essayId: string, userId: string, correlationId: string) {
      const answer = await upstream.call({ method: "POST", path: `/internal/v1/batches/${path(batchId)}/essays/${path(essayId)}/removal`, json: { user_id: userId }, correlationId });
      if (answer.status === 404) return undefined;
      if (answer.status !== 200) throw upstream.failure(answer, correlationId);
      return upstream.parse(EssayRemovedSchema, answer, correlationId);
    },
  };
}
export type BosLifecycleClient = ReturnType<typeof createBosLifecycleClient>;
