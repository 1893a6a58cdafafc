import { HuleEduError } from "@shared/contracts/errors.ts";

/**
 * The anchor set if CJ gave one for the caller. CJ answers "none" both for an assignment without
 * anchors and for another user's assignment; both are the same 404 here.
 */
export function ownedAnchorSet<T>(set: T | undefined, assignmentId: string): T {
  if (set === undefined) throw new HuleEduError("RESOURCE_NOT_FOUND", `No anchors for assignment ${assignmentId}`, { assignment_id: assignmentId });
  return set;
}
