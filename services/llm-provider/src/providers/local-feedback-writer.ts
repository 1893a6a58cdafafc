import { measureEssay } from "@shared/text-analysis/essay-profile.ts";
import { wordsOf } from "@shared/text-analysis/words.ts";
import type { FeedbackResult, FeedbackTask } from "../domain/feedback.ts";
import { essayAsWritten } from "../domain/feedback-writer/as-written.ts";
import { grammarFindingsFromCheck } from "../domain/feedback-writer/grammar-evidence.ts";
import { measuredEvidence, renderFeedbackText, writeStructuredFeedback } from "../domain/feedback-writer/write-feedback.ts";
import { feedbackModel } from "./feedback-model.ts";
import { judgeModelFor } from "./judge-models.ts";
import { feedbackTextResources } from "./feedback-resources.ts";
import { grammarFindings } from "./grammar-findings.ts";
import type { CallOptions, LlmProvider, ProviderCall } from "./types.ts";

export const LOCAL_FEEDBACK_MODEL = "local-feedback";

function numericMetrics(metrics: FeedbackTask["metrics"]): Record<string, number> {
  return Object.fromEntries(Object.entries(metrics).filter((e): e is [string, number] => typeof e[1] === "number" && Number.isFinite(e[1])));
}

/** The essay as written, its profile and the counts the writer reads, from a task. */
async function measured(task: FeedbackTask) {
  const { text: essay, corrections } = essayAsWritten(task.essay_text, task.corrections.examples);
  const profile = measureEssay(essay, task.language, await feedbackTextResources(task.language), task.prompt_text ?? "");
  const metrics = numericMetrics(task.metrics);
  // ai-feedback sends the spellchecker's full count as a metric when the spellcheck ran.
  const correctionCount = metrics.spelling_correction_count ?? (task.corrections.examples.length > 0 ? task.corrections.total : null);
  return { essay, corrections, profile, metrics, correctionCount };
}

/**
 * A vendor's feedback with the measured evidence for each focus area it left without any (the
 * vendor names the dimension; what was measured for it against the batch and level backs it).
 * @example const result = await withMeasuredEvidence(parseFeedbackAnswer(text, "openai", task), task)
 */
export async function withMeasuredEvidence(result: FeedbackResult, task: FeedbackTask): Promise<FeedbackResult> {
  if (!result.feedback) return result;
  const m = await measured(task);
  const evidence = measuredEvidence({ ...m, language: task.language, batchNorms: task.batch_norms ?? {}, model: feedbackModel(), judge: judgeModelFor(task.language) });
  const focus_areas = result.feedback.focus_areas.map((f) => (f.evidence.length > 0 ? f : { ...f, evidence: evidence(f.dimension) }));
  return { ...result, feedback: { ...result.feedback, focus_areas } };
}

/**
 * Structured feedback without a language model, from the measured evidence: the spellchecker's
 * corrections, the grammar check, the NLP metrics, the batch's norms and the essay's own profile.
 * @example const call = await writeLocalFeedback(task); call.result.feedback?.focus_areas[0]?.dimension
 */
export async function writeLocalFeedback(task: FeedbackTask, opts: CallOptions = {}): Promise<ProviderCall<FeedbackResult>> {
  const started = performance.now();
  opts.signal?.throwIfAborted();
  const language = task.language;
  const { essay, corrections, profile, metrics, correctionCount } = await measured(task);
  // The NLP phase's check (Harper, or LanguageTool for any language) when it is known; else Harper here.
  const grammar = task.grammar !== undefined
    ? grammarFindingsFromCheck(task.grammar, task.essay_text, essay, corrections)
    : await grammarFindings(essay, language);
  const { feedback } = writeStructuredFeedback({
    essay, language, profile, metrics, corrections, correctionCount, grammar, batchNorms: task.batch_norms ?? {}, model: feedbackModel(),
    judge: judgeModelFor(language),
  });
  const feedback_text = renderFeedbackText(feedback);
  return {
    result: { feedback_text, feedback },
    provider: "local",
    model: LOCAL_FEEDBACK_MODEL,
    // Words stand in for tokens so that usage metrics are not empty; the cost is zero.
    usage: { input_tokens: profile.wordCount, output_tokens: wordsOf(feedback_text).length },
    costUsd: 0,
    latencyMs: Math.round(performance.now() - started),
    attempts: 0,
    rateLimits: {},
    rateLimitHeaders: {},
  };
}
