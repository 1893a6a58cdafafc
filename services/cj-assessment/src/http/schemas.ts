import * as v from "valibot";
import { GRADE_SCALES, getGradeScale } from "../domain/grade-scales.ts";

const identifier = (field: string) =>
  v.pipe(v.string(), v.regex(/^[A-Za-z0-9][A-Za-z0-9_.:-]{0,99}$/, `${field} must be 1–100 letters, digits or _ . : - (starting with a letter or digit)`));

export const AssignmentParamsSchema = v.object({ assignment_id: identifier("assignment_id") });

export interface AnchorLimits {
  maxAnchors: number;
  maxTextChars: number;
}

export const DEFAULT_ANCHOR_LIMITS: AnchorLimits = { maxAnchors: 50, maxTextChars: 50_000 };

/** The body of `POST /v1/assignments/{assignment_id}/anchors`; grades are checked against the scale by the route. */
export function anchorRegistrationSchema(limits: AnchorLimits) {
  return v.pipe(
    v.strictObject({
      grade_scale: v.pipe(
        v.string("grade_scale must be a string"),
        v.check((id) => getGradeScale(id) !== undefined, `grade_scale must be one of ${Object.keys(GRADE_SCALES).join(", ")} or numeric_<min>_<max> (integers, 0 ≤ min < max, at most 100 apart)`),
      ),
      anchors: v.pipe(
        v.array(
          v.strictObject({
            anchor_id: v.optional(identifier("anchor_id")),
            grade: v.pipe(v.string(), v.trim(), v.minLength(1, "grade must not be empty"), v.maxLength(20)),
            text: v.pipe(v.string(), v.trim(), v.minLength(1, "text must not be empty"), v.maxLength(limits.maxTextChars, `text is longer than ${limits.maxTextChars} characters`)),
          }),
        ),
        v.minLength(1, "anchors must hold at least one anchor"),
        v.maxLength(limits.maxAnchors, `at most ${limits.maxAnchors} anchors per assignment`),
      ),
    }),
    v.title("AnchorRegistrationRequest"),
  );
}
export type AnchorRegistrationRequest = v.InferOutput<ReturnType<typeof anchorRegistrationSchema>>;
