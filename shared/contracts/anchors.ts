// CJ assessment's anchors (`POST|GET /v1/assignments/{assignment_id}/anchors`). The registration
// body: the gateway reads it from the teacher and sends it on, CJ reads it (and checks the scale and
// the grades against its grade scales). The anchor set: CJ answers it, the gateway parses it and
// relays it to the teacher unchanged. Anchor texts are never included in the answer.
import * as v from "valibot";

export const AnchorSetSchema = v.pipe(
  v.object({
    assignment_id: v.string(),
    grade_scale: v.string(),
    anchors: v.array(
      v.object({ anchor_id: v.string(), grade: v.string(), characters: v.number(), created_at: v.string(), updated_at: v.string() }),
    ),
  }),
  v.title("AnchorSet"),
);
export type AnchorSet = v.InferOutput<typeof AnchorSetSchema>;

const identifier = (field: string) =>
  v.pipe(v.string(`${field} must be a string`), v.regex(/^[A-Za-z0-9][A-Za-z0-9_.:-]{0,99}$/, `${field} must be 1-100 letters, digits or _ . : - (starting with a letter or digit)`));

/** An assignment id as a path parameter (scoped per teacher by CJ). */
export const AssignmentIdParamsSchema = v.object({ assignment_id: identifier("assignment_id") });

export interface AnchorLimits {
  maxAnchors: number;
  maxTextChars: number;
}

/** CJ's defaults (CJ_MAX_ANCHORS_PER_ASSIGNMENT, CJ_MAX_ANCHOR_TEXT_CHARS); the gateway reads with these. */
export const DEFAULT_ANCHOR_LIMITS: AnchorLimits = { maxAnchors: 50, maxTextChars: 50_000 };

const GRADE_SCALE_DESCRIPTION =
  "A CJ grade scale id: swedish_a_f, swedish_8_anchor, eng5_np_legacy_9_step, numeric_1_5, or an integer range numeric_<min>_<max> (0 <= min < max, at most 100 apart), e.g. numeric_1_6, numeric_0_30";

/** The body of `POST /v1/assignments/{assignment_id}/anchors` within the given limits. */
export function anchorRegistrationSchema(limits: AnchorLimits) {
  return v.pipe(
    v.strictObject({
      grade_scale: v.pipe(identifier("grade_scale"), v.metadata({ description: GRADE_SCALE_DESCRIPTION })),
      anchors: v.pipe(
        v.array(
          v.strictObject({
            anchor_id: v.optional(identifier("anchor_id")),
            grade: v.pipe(v.string("grade must be a string"), v.trim(), v.minLength(1, "grade must not be empty"), v.maxLength(20, "grade is longer than 20 characters")),
            text: v.pipe(
              v.string("text must be a string"), v.trim(), v.minLength(1, "text must not be empty"),
              v.maxLength(limits.maxTextChars, `text is longer than ${limits.maxTextChars} characters`),
            ),
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
