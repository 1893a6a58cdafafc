import type * as v from "valibot";
import type { EssayProcessingRequest } from "@shared/contracts/events/els.ts";
import type { BatchNorms } from "@shared/contracts/feedback.ts";
import { LlmFeedbackCompletedTopic, type LlmFeedbackRequestSchema } from "@shared/contracts/events/llm.ts";

export type LlmFeedbackRequestInput = v.InferInput<typeof LlmFeedbackRequestSchema>;

export interface Correction {
  original: string;
  replacement: string;
  offset?: number;
}

/** What the earlier phases found out about an essay (absent parts are simply not known). */
export interface EssayContext {
  corrections: Correction[];
  correctionCount: number | null;
  metrics: Record<string, number>;
  /** The NLP phase's stored grammar check of the essay; null when none ran. */
  grammarStorageId: string | null;
  /** Mean and spread of the feedback signals over the batch's essays measured so far. */
  batchNorms: BatchNorms;
  /** Where the batch's comparative judgement placed the essay; null when CJ has not ranked it. */
  cjPosition: CjPosition | null;
}

/** The essay's place in its batch's CJ ranking: rank 1 is the best; its score in SDs of the batch's (null without spread). */
export interface CjPosition {
  rank: number;
  rankedEssays: number;
  scoreZ: number | null;
}

/** Corrections sent with a request at most; the full count travels as a metric. */
export const MAX_CORRECTIONS_IN_REQUEST = 200;

/** The spellchecker's corrections as LPS takes them: original → replacement with its offset, in text order. */
export function correctionPairs(corrections: readonly Correction[]): Correction[] {
  return corrections.map(({ original, replacement, offset }) => ({ original, replacement, ...(offset !== undefined ? { offset } : {}) }));
}

export interface FeedbackRequestInput {
  requestId: string;
  request: EssayProcessingRequest;
  correlationId: string;
  promptText: string | null;
  context: EssayContext;
  requester: string;
  priority: number;
  expiresAt: string | null;
}

/**
 * The LPS feedback request for one essay: LPS reads the essay by its storage id, writes from the
 * prompt, corrections and metrics, and answers on LlmFeedbackCompleted with our metadata.
 */
export function buildFeedbackRequest(input: FeedbackRequestInput): LlmFeedbackRequestInput {
  const { request, context } = input;
  const metrics = { ...context.metrics };
  if (context.correctionCount !== null) metrics.spelling_correction_count = context.correctionCount;
  // The CJ position travels as metrics (as the correction count does): LPS's writer shows it as evidence.
  if (context.cjPosition !== null) {
    metrics.cj_rank = context.cjPosition.rank;
    metrics.cj_ranked_essays = context.cjPosition.rankedEssays;
    if (context.cjPosition.scoreZ !== null) metrics.cj_score_z = context.cjPosition.scoreZ;
  }
  return {
    request_id: input.requestId,
    language: request.language,
    instructions: request.essay_instructions ?? "",
    prompt_text: input.promptText,
    priority: input.priority,
    expires_at: input.expiresAt,
    callback_topic: LlmFeedbackCompletedTopic.name,
    metadata: {
      batch_id: request.batch_id, essay_id: request.essay_id, correlation_id: input.correlationId, requester: input.requester,
      ...(request.user_id ? { user_id: request.user_id } : {}),
    },
    essay: { id: request.essay_id, text_storage_id: request.text_storage_id },
    corrections_summary: context.corrections.slice(0, MAX_CORRECTIONS_IN_REQUEST),
    metrics,
    // The issues quote the essay: LPS reads them from the content service, they do not travel here.
    ...(context.grammarStorageId !== null ? { grammar_storage_id: context.grammarStorageId } : {}),
    batch_norms: context.batchNorms,
  };
}

/** A short preview for the result event: whitespace collapsed, cut at a word boundary. */
export function feedbackPreview(text: string, maxChars: number): string {
  const flat = text.replace(/\s+/g, " ").trim();
  if (flat.length <= maxChars) return flat;
  const cut = flat.slice(0, maxChars - 1);
  const space = cut.lastIndexOf(" ");
  return `${(space > maxChars / 2 ? cut.slice(0, space) : cut).trimEnd()}…`;
}
