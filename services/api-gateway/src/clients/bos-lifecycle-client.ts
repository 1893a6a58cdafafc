import {
  BatchErasureAcceptedSchema, EssayRemovedSchema, EssaySlotsAddedSchema, type BatchErasureRequest, type EssayRemovalRequest, type EssaySlotsRequest,
} from "@shared/contracts/batch-lifecycle.ts";
import type { Upstream } from "./upstream.ts";

const path = (id: string) => encodeURIComponent(id);

/**
 * BOS's lifecycle routes as the gateway uses them: `POST /internal/v1/batches/{id}/erasure`,
 * `POST /internal/v1/batches/{id}/essays`, `POST /internal/v1/batches/{id}/essays/{essay_id}/removal`.
 */
export function createBosLifecycleClient(upstream: Upstream) {
  return {
    /** Start erasing; undefined when BOS does not know the batch for this user. */
    async requestErasure(batchId: string, userId: string, correlationId: string) {
      const answer = await upstream.call({ method: "POST", path: `/internal/v1/batches/${path(batchId)}/erasure`, json: { user_id: userId } satisfies BatchErasureRequest, correlationId });
      if (answer.status === 404) return undefined;
      if (answer.status !== 202) throw upstream.failure(answer, correlationId);
      return upstream.parse(BatchErasureAcceptedSchema, answer, correlationId);
    },
    /** Add empty slots; undefined when BOS does not know the batch for this user. */
    async addEssaySlots(batchId: string, userId: string, count: number, correlationId: string) {
      const answer = await upstream.call({ method: "POST", path: `/internal/v1/batches/${path(batchId)}/essays`, json: { user_id: userId, count } satisfies EssaySlotsRequest, correlationId });
      if (answer.status === 404) return undefined;
      if (answer.status !== 201) throw upstream.failure(answer, correlationId);
      return upstream.parse(EssaySlotsAddedSchema, answer, correlationId);
    },
    /** Remove one essay; undefined when BOS knows no such batch or essay for this user. */
    async removeEssay(batchId: string, essayId: string, userId: string, correlationId: string) {
      const answer = await upstream.call({ method: "POST", path: `/internal/v1/batches/${path(batchId)}/essays/${path(essayId)}/removal`, json: { user_id: userId } satisfies EssayRemovalRequest, correlationId });
      if (answer.status === 404) return undefined;
      if (answer.status !== 200) throw upstream.failure(answer, correlationId);
      return upstream.parse(EssayRemovedSchema, answer, correlationId);
    },
  };
}
export type BosLifecycleClient = ReturnType<typeof createBosLifecycleClient>;
