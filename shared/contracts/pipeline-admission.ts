import * as v from "valibot";

/**
 * BOS's answer to "may a pipeline start on this batch now", carried in its batch summary so the
 * gateway refuses early with the same rule BOS applies to the request event (BOS owns the rule).
 * `reason` is BOS's compatibility issue (`pipeline_in_progress`, `batch_not_ready`, `no_essays`).
 */
export const PipelineAdmissionSchema = v.pipe(
  v.object({ allowed: v.boolean(), reason: v.nullable(v.string()), message: v.nullable(v.string()) }),
  v.title("PipelineAdmission"),
);
export type PipelineAdmission = v.InferOutput<typeof PipelineAdmissionSchema>;
