import * as v from "valibot";
import { ErrorDetailSchema } from "@shared/contracts/errors.ts";
import { HuleEduError } from "@shared/contracts/errors.ts";
import type { Upstream, UpstreamRequest } from "./upstream.ts";

/**
 * class-management's internal API, always scoped to the calling teacher:
 * `/internal/v1/users/{user_id}/classes…` and `/internal/v1/users/{user_id}/batches/{id}/student-associations…`.
 */
export function createClassManagementClient(upstream: Upstream) {
  return {
    /** Call `path` (below the user's prefix) and return status and body; a 404 becomes RESOURCE_NOT_FOUND. */
    async forUser(userId: string, request: Omit<UpstreamRequest, "path"> & { path: string }): Promise<{ status: number; body: unknown }> {
      const answer = await upstream.call({ ...request, path: `/internal/v1/users/${encodeURIComponent(userId)}${request.path}` });
      if (answer.status >= 200 && answer.status < 300) return answer;
      if (answer.status === 404) {
        const detail = v.safeParse(ErrorDetailSchema, answer.body);
        throw new HuleEduError("RESOURCE_NOT_FOUND", detail.success ? detail.output.message : "Not found", detail.success ? detail.output.details : {});
      }
      throw upstream.failure(answer, request.correlationId);
    },
    /** Whether the class exists and belongs to the teacher. */
    async ownsClass(userId: string, classId: string, correlationId: string): Promise<boolean> {
      const answer = await upstream.call({ method: "GET", path: `/internal/v1/users/${encodeURIComponent(userId)}/classes/${encodeURIComponent(classId)}`, correlationId });
      if (answer.status === 200) return true;
      if (answer.status === 404) return false;
      throw upstream.failure(answer, correlationId);
    },
  };
}
export type ClassManagementClient = ReturnType<typeof createClassManagementClient>;
