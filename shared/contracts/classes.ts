// Class-management's bodies: classes, students and essay-author associations. Class-management
// validates them; the gateway relays and documents them.
import * as v from "valibot";
import { CourseCodeSchema } from "./enums.ts";

const text = (max: number, field: string) =>
  v.pipe(v.string(`${field} must be a string`), v.trim(), v.minLength(1, `${field} must not be empty`), v.maxLength(max, `${field} is longer than ${max} characters`));
const Email = v.pipe(v.string("email must be a string"), v.trim(), v.toLowerCase(), v.maxLength(254), v.email("email must be a valid e-mail address"));

export const ClassCreateRequestSchema = v.pipe(v.strictObject({ name: text(200, "name"), course_code: CourseCodeSchema }), v.title("ClassCreateRequest"));
export const ClassUpdateRequestSchema = v.pipe(
  v.strictObject({ name: v.optional(text(200, "name")), course_code: v.optional(CourseCodeSchema) }),
  v.title("ClassUpdateRequest"),
);
export const StudentCreateRequestSchema = v.pipe(
  v.strictObject({ first_name: text(100, "first_name"), last_name: text(100, "last_name"), email: v.optional(v.nullable(Email)) }),
  v.title("StudentCreateRequest"),
);
export const StudentUpdateRequestSchema = v.pipe(
  v.strictObject({ first_name: v.optional(text(100, "first_name")), last_name: v.optional(text(100, "last_name")), email: v.optional(v.nullable(Email)) }),
  v.title("StudentUpdateRequest"),
);
export const StudentSchema = v.pipe(
  v.object({ student_id: v.string(), class_id: v.string(), first_name: v.string(), last_name: v.string(), email: v.nullable(v.string()), created_at: v.string() }),
  v.title("Student"),
);
export const ClassSchema = v.pipe(
  v.object({ class_id: v.string(), name: v.string(), course_code: v.string(), student_count: v.number(), created_at: v.string(), updated_at: v.string() }),
  v.title("Class"),
);
export const ClassListSchema = v.pipe(v.object({ classes: v.array(ClassSchema) }), v.title("ClassList"));
export const StudentListSchema = v.pipe(v.object({ students: v.array(StudentSchema) }), v.title("StudentList"));

export const AssociationStatusSchema = v.picklist(["awaiting_content", "awaiting_confirmation", "confirmed"]);
export const StudentAssociationSchema = v.pipe(
  v.object({
    essay_id: v.string(),
    original_file_name: v.string(),
    parsed_name: v.nullable(v.string()),
    parsed_email: v.nullable(v.string()),
    suggested_student: v.nullable(StudentSchema),
    /** 0–1: how sure the matcher is of the suggestion. */
    confidence: v.number(),
    match_reason: v.nullable(v.string()),
    /** The confirmed student (after confirmation), else null. */
    student: v.nullable(StudentSchema),
  }),
  v.title("StudentAssociation"),
);
export const StudentAssociationsSchema = v.pipe(
  v.object({
    batch_id: v.string(), class_id: v.string(), status: AssociationStatusSchema,
    /** When unconfirmed suggestions are settled automatically (high confidence accepted, the rest unassigned). */
    confirm_by: v.nullable(v.string()),
    confirmed_by: v.nullable(v.picklist(["teacher", "timeout"])),
    associations: v.array(StudentAssociationSchema),
  }),
  v.title("StudentAssociations"),
);
export const ConfirmAssociationsRequestSchema = v.pipe(
  v.strictObject({
    /** Corrections: essays listed here get this student (null = nobody); the others keep the suggestion. */
    corrections: v.optional(v.pipe(v.array(v.strictObject({ essay_id: text(100, "essay_id"), student_id: v.nullable(text(100, "student_id")) })), v.maxLength(1000))),
  }),
  v.title("ConfirmAssociationsRequest"),
);

/**
 * Class-management → spellchecker: the first and last names on the roster of a batch's class, so
 * that pupils' names are never "corrected". Empty for a batch without a class, an unknown batch and
 * another teacher's batch alike (nothing tells them apart).
 */
export const RosterNamesSchema = v.pipe(
  v.object({ batch_id: v.string(), names: v.array(v.string()) }),
  v.title("RosterNames"),
);
