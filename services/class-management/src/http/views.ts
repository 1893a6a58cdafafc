import type * as v from "valibot";
import type { ClassSchema, StudentAssociationsSchema, StudentSchema } from "@shared/contracts/classes.ts";
import type { DbOrTx } from "@shared/db/database.ts";
import { studentCount, studentInClass, type ClassRow, type StudentRow } from "../db/class-repository.ts";
import { associationsOf, type BatchMatchingRow } from "../db/matching-repository.ts";

export function classView(db: DbOrTx, row: ClassRow, count?: number): v.InferOutput<typeof ClassSchema> {
  return {
    class_id: row.classId, name: row.name, course_code: row.courseCode, student_count: count ?? studentCount(db, row.classId),
    created_at: row.createdAt, updated_at: row.updatedAt,
  };
}

export function studentView(row: StudentRow): v.InferOutput<typeof StudentSchema> {
  return { student_id: row.studentId, class_id: row.classId, first_name: row.firstName, last_name: row.lastName, email: row.email, created_at: row.createdAt };
}

export function associationsView(db: DbOrTx, batch: BatchMatchingRow): v.InferOutput<typeof StudentAssociationsSchema> {
  const student = (id: string | null) => {
    const row = id ? studentInClass(db, batch.classId, id) : undefined;
    return row ? studentView(row) : null;
  };
  return {
    batch_id: batch.batchId, class_id: batch.classId, status: batch.status,
    confirm_by: batch.confirmBy ? new Date(batch.confirmBy).toISOString() : null, confirmed_by: batch.confirmedBy ?? null,
    associations: associationsOf(db, batch.batchId).map((a) => ({
      essay_id: a.essayId, original_file_name: a.originalFileName, parsed_name: a.parsedName, parsed_email: a.parsedEmail,
      suggested_student: student(a.suggestedStudentId), confidence: a.confidence, match_reason: a.matchReason, student: student(a.studentId),
    })),
  };
}
