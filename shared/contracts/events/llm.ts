import * as v from "valibot";
import { defineTopic } from "../topics.ts";
import { LanguageSchema } from "../enums.ts";
import { BatchNormsSchema, StructuredFeedbackSchema } from "../feedback.ts";
import { GrammarCheckResponseSchema } from "../grammar.ts";

const EssayForJudgingSchema = v.object({
  id: v.string(),
  text: v.optional(v.string()),
  text_storage_id: v.optional(v.string()),
});

/** Who asked and why; returned untouched on the result so the requester can route it. */
export const LlmRequestMetadataSchema = v.object({
  batch_id: v.optional(v.string()),
  pair_id: v.optional(v.string()),
  essay_id: v.optional(v.string()),
  correlation_id: v.optional(v.string()),
  user_id: v.optional(v.string()),
  requester: v.optional(v.string()),
});

const RequestBase = {
  request_id: v.pipe(v.string(), v.minLength(1)),
  language: LanguageSchema,
  instructions: v.string(),
  prompt_text: v.nullish(v.string()),
  provider_override: v.nullish(v.picklist(["local", "anthropic", "openai"])),
  model_override: v.nullish(v.string()),
  /** 0 = most urgent. */
  priority: v.optional(v.pipe(v.number(), v.integer(), v.minValue(0), v.maxValue(9)), 5),
  /** After this instant the request is answered with an EXPIRED error result instead of a call. */
  expires_at: v.nullish(v.pipe(v.string(), v.isoTimestamp())),
  /** The result topic to answer on; must be one of the result topics below. */
  callback_topic: v.string(),
  metadata: LlmRequestMetadataSchema,
};

/** Requester → LPS: judge which of two essays is better. */
export const LlmComparisonRequestSchema = v.object({
  ...RequestBase,
  essay_a: EssayForJudgingSchema,
  essay_b: EssayForJudgingSchema,
});
export type LlmComparisonRequest = v.InferOutput<typeof LlmComparisonRequestSchema>;

/** Requester → LPS: write feedback for one essay. */
export const LlmFeedbackRequestSchema = v.object({
  ...RequestBase,
  essay: EssayForJudgingSchema,
  /** `offset`: where `original` stood in the uncorrected text, so feedback can quote the essay as written. */
  corrections_summary: v.optional(v.array(v.object({ original: v.string(), replacement: v.string(), offset: v.optional(v.pipe(v.number(), v.integer(), v.minValue(0))) })), []),
  metrics: v.optional(v.record(v.string(), v.number()), {}),
  /**
   * The NLP phase's grammar check of the essay's text (JSON content, shared/contracts/grammar.ts
   * EssayGrammarCheck); LPS reads it at intake. Requesters send the id, never the issues.
   */
  grammar_storage_id: v.nullish(v.pipe(v.string(), v.minLength(1))),
  /** Filled in by LPS at intake from `grammar_storage_id` (it lives in LPS's own queue, not in the stream). */
  grammar: v.optional(GrammarCheckResponseSchema),
  /** The batch's mean and spread of each feedback signal (shared/text-analysis/batch-signals.ts). */
  batch_norms: v.optional(BatchNormsSchema, {}),
});
export type LlmFeedbackRequest = v.InferOutput<typeof LlmFeedbackRequestSchema>;

export const LlmUsageSchema = v.object({ input_tokens: v.number(), output_tokens: v.number() });

const ResultBase = {
  request_id: v.string(),
  status: v.picklist(["success", "error"]),
  error: v.nullish(v.object({ code: v.string(), message: v.string(), retryable: v.boolean() })),
  provider: v.string(),
  model: v.string(),
  usage: LlmUsageSchema,
  cost_usd: v.number(),
  latency_ms: v.number(),
  metadata: LlmRequestMetadataSchema,
};

export const LlmComparisonResultSchema = v.object({
  ...ResultBase,
  winner: v.nullish(v.picklist(["essay_a", "essay_b"])),
  justification: v.nullish(v.string()),
  confidence: v.nullish(v.pipe(v.number(), v.minValue(0), v.maxValue(1))),
});
export type LlmComparisonResult = v.InferOutput<typeof LlmComparisonResultSchema>;

export const LlmFeedbackResultSchema = v.object({
  ...ResultBase,
  feedback_text: v.nullish(v.string()),
  /** The same feedback, structured; quotes are spans of the essay as the student wrote it. */
  feedback: v.nullish(StructuredFeedbackSchema),
});
export type LlmFeedbackResult = v.InferOutput<typeof LlmFeedbackResultSchema>;

export const LlmComparisonRequestedTopic = defineTopic("huleedu.llm_provider.comparison.requested.v1", LlmComparisonRequestSchema);
export const LlmFeedbackRequestedTopic = defineTopic("huleedu.llm_provider.feedback.requested.v1", LlmFeedbackRequestSchema);
/** Default answer topics; `callback_topic` names one of them. */
export const LlmComparisonCompletedTopic = defineTopic("huleedu.llm_provider.comparison.completed.v1", LlmComparisonResultSchema);
export const LlmFeedbackCompletedTopic = defineTopic("huleedu.llm_provider.feedback.completed.v1", LlmFeedbackResultSchema);
