import { StudentAssociationsConfirmedTopic } from "@shared/contracts/events/classes.ts";
import type { Tx } from "@shared/db/database.ts";
import type { Emit } from "@shared/db/unit-of-work.ts";
import { studentInClass } from "../db/class-repository.ts";
import { associationsOf, settleAssociations, type BatchMatchingRow } from "../db/matching-repository.ts";
import type { ConfirmedBy } from "../db/schema.ts";
import { SERVICE_NAME } from "../service-name.ts";

/** Store the settled students and announce them (once per batch); false when already settled. */
export function settleBatch(tx: Tx, emit: Emit, batch: BatchMatchingRow, finals: Map<string, string | null>, by: ConfirmedBy, correlationId: string): boolean {
  if (!settleAssociations(tx, batch.batchId, finals, by)) return false;
  const associations = associationsOf(tx, batch.batchId).map((a) => {
    const student = a.studentId ? studentInClass(tx, batch.classId, a.studentId) : undefined;
    return {
      essay_id: a.essayId, student_id: student?.studentId ?? null,
      first_name: student?.firstName ?? null, last_name: student?.lastName ?? null, email: student?.email ?? null,
    };
  });
  emit(StudentAssociationsConfirmedTopic, {
    data: { batch_id: batch.batchId, class_id: batch.classId, user_id: batch.userId, confirmed_by: by, associations },
    source: SERVICE_NAME, correlationId,
  }, { dedupeKey: `associations-confirmed:${batch.batchId}` });
  return true;
}
