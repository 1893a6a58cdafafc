// Relative imports only: drizzle-kit does not resolve the `@shared` alias.
import { index, integer, primaryKey, real, sqliteTable, text } from "drizzle-orm/sqlite-core";
import { enumCheck } from "../../../../shared/db/schema.ts";

export { outbox, processedEvents } from "../../../../shared/db/schema.ts";

export const MatchingStatus = { AWAITING_CONTENT: "awaiting_content", AWAITING_CONFIRMATION: "awaiting_confirmation", CONFIRMED: "confirmed" } as const;
export type MatchingStatus = (typeof MatchingStatus)[keyof typeof MatchingStatus];
export const ConfirmedBy = { TEACHER: "teacher", TIMEOUT: "timeout" } as const;
export type ConfirmedBy = (typeof ConfirmedBy)[keyof typeof ConfirmedBy];

/** A teacher's class; its students are its roster. */
export const classes = sqliteTable(
  "classes",
  {
    classId: text("class_id").primaryKey(),
    ownerUserId: text("owner_user_id").notNull(),
    name: text("name").notNull(),
    courseCode: text("course_code").notNull(),
    createdAt: text("created_at").notNull(),
    updatedAt: text("updated_at").notNull(),
  },
  (t) => [index("classes_owner_idx").on(t.ownerUserId)],
);

export const students = sqliteTable(
  "students",
  {
    studentId: text("student_id").primaryKey(),
    classId: text("class_id").notNull().references(() => classes.classId, { onDelete: "cascade" }),
    firstName: text("first_name").notNull(),
    lastName: text("last_name").notNull(),
    email: text("email"),
    createdAt: text("created_at").notNull(),
  },
  (t) => [index("students_class_idx").on(t.classId)],
);

/** A REGULAR batch (registered with a class): where its author matching stands. */
export const batchMatchings = sqliteTable(
  "batch_matchings",
  {
    batchId: text("batch_id").primaryKey(),
    classId: text("class_id").notNull(),
    userId: text("user_id").notNull(),
    status: text("status").$type<MatchingStatus>().notNull(),
    /** Epoch ms after which unconfirmed suggestions are settled automatically. */
    confirmBy: integer("confirm_by"),
    confirmedBy: text("confirmed_by").$type<ConfirmedBy>(),
    createdAt: text("created_at").notNull(),
    confirmedAt: text("confirmed_at"),
  },
  (t) => [
    index("batch_matchings_due_idx").on(t.status, t.confirmBy),
    enumCheck("batch_matchings_status_check", t.status, Object.values(MatchingStatus)),
    enumCheck("batch_matchings_confirmed_by_check", t.confirmedBy, Object.values(ConfirmedBy)),
  ],
);

/** One essay of a REGULAR batch: what the header said, the suggestion, and the settled student. */
export const essayAssociations = sqliteTable(
  "essay_associations",
  {
    batchId: text("batch_id").notNull().references(() => batchMatchings.batchId, { onDelete: "cascade" }),
    essayId: text("essay_id").notNull(),
    originalFileName: text("original_file_name").notNull(),
    parsedName: text("parsed_name"),
    parsedEmail: text("parsed_email"),
    suggestedStudentId: text("suggested_student_id"),
    confidence: real("confidence").notNull(),
    matchReason: text("match_reason"),
    studentId: text("student_id"),
  },
  (t) => [primaryKey({ columns: [t.batchId, t.essayId] })],
);
