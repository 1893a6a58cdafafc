// Relative imports only: drizzle-kit loads this through schema.ts.
import type * as v from "valibot";
import type { ResultStatusSchema } from "../../../../shared/contracts/events/essay-ref.ts";
import type { ProvisioningFailureSchema } from "../../../../shared/contracts/events/els.ts";
import type { SpellingCorrectionSchema } from "../../../../shared/contracts/events/phase-results.ts";
import type { CJGradeProjectionSummary } from "../../../../shared/contracts/events/cj-results.ts";

/** A batch's grade projection as CJ published it (status, distribution, flagged count, boundaries). */
export type GradeProjectionView = CJGradeProjectionSummary;

/** How one essay came out of one phase (`success` / `failed`). */
export type ResultStatus = v.InferOutput<typeof ResultStatusSchema>;
export type CorrectionView = v.InferOutput<typeof SpellingCorrectionSchema>;
export type ProvisioningFailureView = v.InferOutput<typeof ProvisioningFailureSchema>;
/** Metric name → value, as the NLP service reported it. */
export type NlpMetricsView = Record<string, number | string | null>;
/** An anchor that took part in a batch's comparative judgement. */
export interface AnchorView {
  anchor_id: string;
  grade: string;
  score: number;
}
