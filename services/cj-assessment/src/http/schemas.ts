import * as v from "valibot";
import { anchorRegistrationSchema as sharedAnchorRegistrationSchema, type AnchorLimits } from "@shared/contracts/anchors.ts";
import { GRADE_SCALES, getGradeScale } from "../domain/grade-scales.ts";

export { AssignmentIdParamsSchema as AssignmentParamsSchema, DEFAULT_ANCHOR_LIMITS, type AnchorLimits, type AnchorRegistrationRequest } from "@shared/contracts/anchors.ts";

/** The shared registration body, plus CJ's own check that the scale is one it knows (grades are checked by the route). */
export function anchorRegistrationSchema(limits: AnchorLimits) {
  return v.pipe(
    sharedAnchorRegistrationSchema(limits),
    v.forward(
      v.check((body) => getGradeScale(body.grade_scale) !== undefined, `grade_scale must be one of ${Object.keys(GRADE_SCALES).join(", ")} or numeric_<min>_<max> (integers, 0 ≤ min < max, at most 100 apart)`),
      ["grade_scale"],
    ),
    v.title("AnchorRegistrationRequest"),
  );
}
