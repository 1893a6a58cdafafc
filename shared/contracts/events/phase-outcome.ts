import * as v from "valibot";
import { defineTopic } from "../topics.ts";
import { PhaseNameSchema, PhaseOutcomeStatusSchema } from "../enums.ts";
import { EssayTextRefSchema, ResultStatusSchema } from "./essay-ref.ts";
import { SpellingCorrectionSchema } from "./phase-results.ts";

/** Corrections one essay's entry carries at most (the full count is `correction_count`). */
export const MAX_OUTCOME_CORRECTIONS = 200;

/** What the spellchecker reported to ELS for one essay. */
export const SpellcheckResultRefsSchema = v.object({
  corrected_text_storage_id: v.nullish(v.string()),
  correction_count: v.number(),
  /** The first MAX_OUTCOME_CORRECTIONS corrections, in text order (single words, as the spellcheck result carries them). */
  corrections: v.pipe(v.array(SpellingCorrectionSchema), v.maxLength(MAX_OUTCOME_CORRECTIONS)),
});

/** What the NLP service reported to ELS for one essay: the stored metrics and grammar check, and the numeric metrics. */
export const NlpResultRefsSchema = v.object({
  metrics_storage_id: v.nullish(v.string()),
  grammar_storage_id: v.nullish(v.string()),
  /** Finite numeric metrics only (undefined and string metrics stay in the stored JSON). */
  metrics: v.record(v.string(), v.number()),
});

/** What ai-feedback reported to ELS for one essay. */
export const AIFeedbackResultRefsSchema = v.object({
  feedback_storage_id: v.nullish(v.string()),
  feedback_json_storage_id: v.nullish(v.string()),
});

/** One phase's result references for an essay; the key of the phase that produced them is set. */
export const PhaseResultRefsSchema = v.object({
  spellcheck: v.optional(SpellcheckResultRefsSchema),
  nlp: v.optional(NlpResultRefsSchema),
  ai_feedback: v.optional(AIFeedbackResultRefsSchema),
});
export type PhaseResultRefs = v.InferOutput<typeof PhaseResultRefsSchema>;

/** How one essay of the run ended, and where its results are. */
export const PhaseEssayResultSchema = v.object({
  essay_id: v.string(),
  status: ResultStatusSchema,
  /** The text the essay carries out of the phase. */
  text_storage_id: v.string(),
  /** Why it failed (e.g. TIMEOUT, the phase service's error code); null on success. */
  failure_reason: v.nullish(v.string()),
  /** Empty for CJ (its ranking is batch-level: AssessmentResultPublished) and for failed essays. */
  result_refs: PhaseResultRefsSchema,
});
export type PhaseEssayResult = v.InferOutput<typeof PhaseEssayResultSchema>;

/**
 * ELS → BOS, BCS, RAS, ai-feedback: a phase finished for every essay of a batch. Emitted once per
 * (batch, phase run).
 *
 * Versioning: the owner and the per-essay results were added to v1 as optional fields rather than
 * a v2 topic. Entries written before them may still be in the stream (and in DLQs, replayable), so
 * every reader parses an entry without them; the producer always sends them. Readers that
 * predate them (BOS, BCS) are unaffected: valibot objects drop keys they do not declare.
 */
export const ELSBatchPhaseOutcomeTopic = defineTopic(
  "huleedu.els.batch.phase.outcome.v1",
  v.object({
    batch_id: v.string(),
    phase: PhaseNameSchema,
    status: PhaseOutcomeStatusSchema,
    processed_essays: v.array(EssayTextRefSchema),
    failed_essay_ids: v.array(v.string()),
    /** The batch's owner as ELS registered it; absent only from older producers. */
    user_id: v.optional(v.string()),
    org_id: v.nullish(v.string()),
    /** Every essay of the run (processed and failed, in command order); absent only from older producers. */
    essay_results: v.optional(v.array(PhaseEssayResultSchema)),
  }),
);
