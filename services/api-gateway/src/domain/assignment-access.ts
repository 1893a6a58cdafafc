import { HuleEduError } from "@shared/contracts/errors.ts";

/**
 * The anchor set if CJ gave one for the caller. Assignment ids are per teacher in CJ, so "none"
 * only ever means the caller has no anchors for that id: a 404 here.
 */
export function ownedAnchorSet<T>(set: T | undefined, assignmentId: string): T {
  if (set === undefined) throw new HuleEduError("RESOURCE_NOT_FOUND", `No anchors for assignment ${assignmentId}`, { assignment_id: assignmentId });
  return set;
}
