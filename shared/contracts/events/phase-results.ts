import * as v from "valibot";
import { defineTopic } from "../topics.ts";
import { LanguageSchema } from "../enums.ts";
import { ResultStatusSchema } from "./essay-ref.ts";
import { StructuredFeedbackSchema } from "../feedback.ts";

const ResultBase = {
  batch_id: v.string(),
  essay_id: v.string(),
  status: ResultStatusSchema,
  error: v.nullish(v.object({ code: v.string(), message: v.string() })),
};

export const SpellingCorrectionSchema = v.object({ offset: v.number(), original: v.string(), replacement: v.string() });

/** spellchecker → ELS, RAS: one essay spell-checked (its corrected text is the next phase's input). */
export const EssaySpellcheckCompletedTopic = defineTopic(
  "huleedu.essay.spellcheck.completed.v1",
  v.object({
    ...ResultBase,
    language: LanguageSchema,
    original_text_storage_id: v.string(),
    corrected_text_storage_id: v.nullish(v.string()),
    corrections: v.array(SpellingCorrectionSchema),
    correction_count: v.number(),
    word_count: v.number(),
  }),
);

/** nlp → ELS, RAS: one essay's text metrics (also stored as JSON content). */
export const EssayNlpCompletedTopic = defineTopic(
  "huleedu.essay.nlp.completed.v1",
  v.object({
    ...ResultBase,
    language: LanguageSchema,
    text_storage_id: v.string(),
    metrics_storage_id: v.nullish(v.string()),
    /**
     * The essay's grammar check as JSON content (shared/contracts/grammar.ts EssayGrammarCheck): issues
     * with offsets and suggestions are essay-derived, so they are stored, not carried here. Null when no
     * checker ran (Swedish offline) or it failed.
     */
    grammar_storage_id: v.nullish(v.string()),
    /** Metric name → value; null where a metric is undefined for the text (e.g. MTLD with no repeats). */
    metrics: v.nullish(v.record(v.string(), v.nullable(v.union([v.number(), v.string()])))),
  }),
);

/** ai-feedback → ELS, RAS: one essay's written feedback (stored as content). */
export const EssayAIFeedbackCompletedTopic = defineTopic(
  "huleedu.essay.ai_feedback.completed.v1",
  v.object({
    ...ResultBase,
    text_storage_id: v.string(),
    feedback_storage_id: v.nullish(v.string()),
    feedback_preview: v.nullish(v.string()),
    provider: v.nullish(v.string()),
    /**
     * Strengths, ranked focus areas with quoted examples and evidence, next step (shared/contracts/feedback.ts).
     * Producers send `feedback_json_storage_id` instead: quotes are essay text, and stream entries carry
     * storage ids, not texts (README, "Stream retention"). RAS reads the JSON from the content service.
     */
    feedback: v.nullish(StructuredFeedbackSchema),
    /** The structured feedback as JSON content. */
    feedback_json_storage_id: v.nullish(v.string()),
  }),
);
