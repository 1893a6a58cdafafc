import * as v from "valibot";
import { defineTopic } from "../topics.ts";

export const ConfirmedAssociationSchema = v.object({
  essay_id: v.string(),
  student_id: v.nullable(v.string()),
  first_name: v.nullable(v.string()),
  last_name: v.nullable(v.string()),
  email: v.nullable(v.string()),
});

/**
 * class-management → BOS (the REGULAR batch becomes ready), RAS (results carry the student):
 * the essay authors of a class batch are settled, by the teacher or by the confirmation timeout.
 * Emitted once per batch.
 */
export const StudentAssociationsConfirmedTopic = defineTopic(
  "huleedu.class.student.associations.confirmed.v1",
  v.object({
    batch_id: v.string(),
    class_id: v.string(),
    user_id: v.string(),
    confirmed_by: v.picklist(["teacher", "timeout"]),
    associations: v.array(ConfirmedAssociationSchema),
  }),
);
