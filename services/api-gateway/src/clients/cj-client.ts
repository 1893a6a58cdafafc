import { AnchorSetSchema, type AnchorRegistrationRequest, type AnchorSet } from "@shared/contracts/anchors.ts";
import type { Upstream } from "./upstream.ts";

const anchorsPath = (assignmentId: string) => `/v1/assignments/${encodeURIComponent(assignmentId)}/anchors`;

/**
 * CJ assessment's anchor API: `POST|GET /v1/assignments/{assignment_id}/anchors` with header
 * `X-User-ID`. CJ scopes assignment ids per user, so a caller only ever reaches their own anchors.
 */
export function createCjClient(upstream: Upstream) {
  return {
    /** The caller's anchor set for the assignment after registering (undefined on a 404, which CJ no longer gives for POST). */
    async registerAnchors(assignmentId: string, userId: string, body: AnchorRegistrationRequest, correlationId: string): Promise<AnchorSet | undefined> {
      const answer = await upstream.call({ method: "POST", path: anchorsPath(assignmentId), json: body, headers: { "X-User-ID": userId }, correlationId });
      if (answer.status === 404) return undefined;
      if (answer.status !== 201 && answer.status !== 200) throw upstream.failure(answer, correlationId);
      return upstream.parse(AnchorSetSchema, answer, correlationId);
    },
    /** The caller's anchor set for the assignment, or undefined when the caller has none for that id. */
    async listAnchors(assignmentId: string, userId: string, correlationId: string): Promise<AnchorSet | undefined> {
      const answer = await upstream.call({ method: "GET", path: anchorsPath(assignmentId), headers: { "X-User-ID": userId }, correlationId });
      if (answer.status === 404) return undefined;
      if (answer.status !== 200) throw upstream.failure(answer, correlationId);
      return upstream.parse(AnchorSetSchema, answer, correlationId);
    },
  };
}
export type CjClient = ReturnType<typeof createCjClient>;
