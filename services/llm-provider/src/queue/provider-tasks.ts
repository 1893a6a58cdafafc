import type { LlmComparisonRequest, LlmFeedbackRequest } from "@shared/contracts/events/llm.ts";
import type { ComparisonTask } from "../domain/comparison.ts";
import type { FeedbackTask } from "../domain/feedback.ts";

// Texts were resolved and checked non-empty at intake; "" here would only mean a corrupted row.

/** The provider's comparison task for a queued request. */
export function comparisonTask(request: LlmComparisonRequest): ComparisonTask {
  return {
    essay_a: { id: request.essay_a.id, text: request.essay_a.text ?? "" },
    essay_b: { id: request.essay_b.id, text: request.essay_b.text ?? "" },
    prompt_text: request.prompt_text ?? null,
    instructions: request.instructions,
    language: request.language,
  };
}

/** The provider's feedback task: the assignment is the instructions plus the student prompt. */
export function feedbackTask(request: LlmFeedbackRequest): FeedbackTask {
  const assignment = [request.instructions, request.prompt_text ?? ""].map((s) => s.trim()).filter(Boolean).join("\n\n");
  return {
    essay_text: request.essay.text ?? "",
    prompt_text: assignment || null,
    language: request.language,
    // The full count travels as a metric; the summary may be cut short.
    corrections: { total: request.metrics.spelling_correction_count ?? request.corrections_summary.length, examples: request.corrections_summary },
    metrics: request.metrics,
    batch_norms: request.batch_norms,
    ...(request.grammar ? { grammar: request.grammar } : {}),
  };
}
