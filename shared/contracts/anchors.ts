// CJ assessment's anchor set (`POST|GET /v1/assignments/{assignment_id}/anchors`): CJ answers it,
// the gateway parses it and relays it to the teacher unchanged. Anchor texts are never included.
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
