import { and, asc, eq } from "drizzle-orm";
import type { DbOrTx } from "@shared/db/database.ts";
import { anchorAssignments, anchors } from "./schema.ts";

export type AnchorAssignmentRow = typeof anchorAssignments.$inferSelect;
export type AnchorRow = typeof anchors.$inferSelect;

export interface AnchorInput {
  anchorId: string;
  grade: string;
  text: string;
}

export function findAssignment(db: DbOrTx, assignmentId: string): AnchorAssignmentRow | undefined {
  return db.select().from(anchorAssignments).where(eq(anchorAssignments.assignmentId, assignmentId)).get();
}

export function listAnchors(db: DbOrTx, assignmentId: string): AnchorRow[] {
  return db.select().from(anchors).where(eq(anchors.assignmentId, assignmentId)).orderBy(asc(anchors.createdAt), asc(anchors.anchorId)).all();
}

/** Create the assignment (owned by `ownerUserId`) if new, then insert or replace anchors by id. */
export function saveAnchors(
  tx: DbOrTx,
  input: { assignmentId: string; ownerUserId: string; gradeScale: string; anchors: readonly AnchorInput[] },
  now: string,
): void {
  tx.insert(anchorAssignments)
    .values({ assignmentId: input.assignmentId, ownerUserId: input.ownerUserId, gradeScale: input.gradeScale, createdAt: now, updatedAt: now })
    .onConflictDoUpdate({ target: anchorAssignments.assignmentId, set: { updatedAt: now } })
    .run();
  for (const anchor of input.anchors) {
    tx.insert(anchors)
      .values({ assignmentId: input.assignmentId, ...anchor, createdAt: now, updatedAt: now })
      .onConflictDoUpdate({ target: [anchors.assignmentId, anchors.anchorId], set: { grade: anchor.grade, text: anchor.text, updatedAt: now } })
      .run();
  }
}

export function anchorExists(db: DbOrTx, assignmentId: string, anchorId: string): boolean {
  return db.select({ id: anchors.anchorId }).from(anchors).where(and(eq(anchors.assignmentId, assignmentId), eq(anchors.anchorId, anchorId))).get() !== undefined;
}
