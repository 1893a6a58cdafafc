import { and, asc, eq } from "drizzle-orm";
import type { DbOrTx } from "@shared/db/database.ts";
import { anchorAssignments, anchors } from "./schema.ts";

export type AnchorAssignmentRow = typeof anchorAssignments.$inferSelect;
export type AnchorRow = typeof anchors.$inferSelect;

/** An assignment id as its owner sees it: ids are scoped per owner, never shared across teachers. */
export interface OwnedAssignment {
  ownerUserId: string;
  assignmentId: string;
}

export interface AnchorInput {
  anchorId: string;
  grade: string;
  text: string;
}

const isAssignment = (key: OwnedAssignment) =>
  and(eq(anchorAssignments.ownerUserId, key.ownerUserId), eq(anchorAssignments.assignmentId, key.assignmentId));
const ofAssignment = (key: OwnedAssignment) => and(eq(anchors.ownerUserId, key.ownerUserId), eq(anchors.assignmentId, key.assignmentId));

export function findAssignment(db: DbOrTx, key: OwnedAssignment): AnchorAssignmentRow | undefined {
  return db.select().from(anchorAssignments).where(isAssignment(key)).get();
}

export function listAnchors(db: DbOrTx, key: OwnedAssignment): AnchorRow[] {
  return db.select().from(anchors).where(ofAssignment(key)).orderBy(asc(anchors.createdAt), asc(anchors.anchorId)).all();
}

/** Create the owner's assignment if new, then insert or replace anchors by id. */
export function saveAnchors(tx: DbOrTx, key: OwnedAssignment, input: { gradeScale: string; anchors: readonly AnchorInput[] }, now: string): void {
  tx.insert(anchorAssignments)
    .values({ ...key, gradeScale: input.gradeScale, createdAt: now, updatedAt: now })
    .onConflictDoUpdate({ target: [anchorAssignments.ownerUserId, anchorAssignments.assignmentId], set: { updatedAt: now } })
    .run();
  for (const anchor of input.anchors) {
    tx.insert(anchors)
      .values({ ...key, ...anchor, createdAt: now, updatedAt: now })
      .onConflictDoUpdate({ target: [anchors.ownerUserId, anchors.assignmentId, anchors.anchorId], set: { grade: anchor.grade, text: anchor.text, updatedAt: now } })
      .run();
  }
}
