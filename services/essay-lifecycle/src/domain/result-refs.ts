import type { TopicData } from "@shared/contracts/topics.ts";
import { MAX_OUTCOME_CORRECTIONS, type PhaseResultRefs } from "@shared/contracts/events/phase-outcome.ts";
import type { EssayAIFeedbackCompletedTopic, EssayNlpCompletedTopic, EssaySpellcheckCompletedTopic } from "@shared/contracts/events/phase-results.ts";

// What each phase service reported to ELS, reduced to what the phase outcome carries per essay.

/** The spellcheck result's corrected text and corrections (the first MAX_OUTCOME_CORRECTIONS). */
export function spellcheckRefs(d: TopicData<typeof EssaySpellcheckCompletedTopic>): PhaseResultRefs {
  return {
    spellcheck: {
      corrected_text_storage_id: d.corrected_text_storage_id ?? null,
      correction_count: d.correction_count,
      corrections: d.corrections.slice(0, MAX_OUTCOME_CORRECTIONS).map(({ offset, original, replacement }) => ({ offset, original, replacement })),
    },
  };
}

/**
 * The NLP result's stored metrics and grammar check, and its finite numeric metrics.
 * @example nlpRefs({ ...d, metrics: { words: 120, mtld: null, level: "B1" } }).nlp?.metrics // { words: 120 }
 */
export function nlpRefs(d: TopicData<typeof EssayNlpCompletedTopic>): PhaseResultRefs {
  const metrics: Record<string, number> = {};
  for (const [name, value] of Object.entries(d.metrics ?? {})) {
    if (typeof value === "number" && Number.isFinite(value)) metrics[name] = value;
  }
  return { nlp: { metrics_storage_id: d.metrics_storage_id ?? null, grammar_storage_id: d.grammar_storage_id ?? null, metrics } };
}

/** The stored feedback (text and structured JSON). */
export function aiFeedbackRefs(d: TopicData<typeof EssayAIFeedbackCompletedTopic>): PhaseResultRefs {
  return { ai_feedback: { feedback_storage_id: d.feedback_storage_id ?? null, feedback_json_storage_id: d.feedback_json_storage_id ?? null } };
}
