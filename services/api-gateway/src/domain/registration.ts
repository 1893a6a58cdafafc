import type { BatchRegistrationRequestV1, ClientBatchRegistrationRequest } from "@shared/contracts/batch-registration.ts";

/** The BOS registration request: the teacher's request plus who they are, from the token only. */
export function toBosRegistration(request: ClientBatchRegistrationRequest, caller: { userId: string; orgId: string | null }): BatchRegistrationRequestV1 {
  return { ...request, user_id: caller.userId, ...(caller.orgId ? { org_id: caller.orgId } : {}) };
}
