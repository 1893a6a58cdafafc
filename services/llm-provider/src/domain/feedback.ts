import * as v from "valibot";
import { LanguageSchema } from "@shared/contracts/enums.ts";
import type { VendorPrompt } from "./comparison-prompt.ts";
import { type ProviderName, UnparseableAnswerError } from "./errors.ts";

// Field names follow the spellchecker's corrections and the NLP service's metrics.
const CorrectionSchema = v.object({ original: v.string(), replacement: v.string() });

/** What the spellchecker changed: the total and a few examples. */
export const CorrectionsSummarySchema = v.object({
  total: v.pipe(v.number(), v.integer(), v.minValue(0)),
  examples: v.optional(v.array(CorrectionSchema), []),
});
export type CorrectionsSummary = v.InferOutput<typeof CorrectionsSummarySchema>;

const count = v.nullish(v.pipe(v.number(), v.minValue(0)));

/**
 * Text metrics from the NLP phase. The ones local feedback reads are named; any others
 * (mtld, flesch_reading_ease, lix …) are kept and shown to vendor models.
 */
export const EssayMetricsSchema = v.looseObject({
  word_count: count,
  sentence_count: count,
  paragraph_count: count,
  mean_sentence_length: count,
});
export type EssayMetrics = v.InferOutput<typeof EssayMetricsSchema>;

/** One essay to write student feedback for. */
export const FeedbackTaskSchema = v.object({
  essay_text: v.pipe(v.string(), v.minLength(1)),
  prompt_text: v.nullish(v.string()),
  language: v.optional(LanguageSchema, "en"),
  corrections: CorrectionsSummarySchema,
  metrics: EssayMetricsSchema,
});
export type FeedbackTask = v.InferOutput<typeof FeedbackTaskSchema>;

export const FeedbackResultSchema = v.object({ feedback_text: v.pipe(v.string(), v.trim(), v.minLength(1)) });
export type FeedbackResult = v.InferOutput<typeof FeedbackResultSchema>;

const MAX_EXAMPLES_IN_PROMPT = 10;

/**
 * Render the feedback prompt for a vendor model; the answer is plain text addressed to the student.
 * @example const { system, user } = buildFeedbackPrompt(task)
 */
export function buildFeedbackPrompt(task: FeedbackTask): VendorPrompt {
  const language = task.language === "sv" ? "Swedish" : "English";
  const system =
    "You are a supportive, precise writing teacher. You write feedback directly to the student " +
    "who wrote the essay: concrete, kind, and specific to their text.";
  const parts: string[] = [];
  if (task.prompt_text?.trim()) parts.push(`## Essay prompt\n${task.prompt_text.trim()}`);
  parts.push(`## The student's essay\n<essay>\n${task.essay_text.trim()}\n</essay>`);
  const examples = task.corrections.examples
    .slice(0, MAX_EXAMPLES_IN_PROMPT)
    .map((c) => `- "${c.original}" → "${c.replacement}"`);
  parts.push(
    [`## Spelling corrections found: ${task.corrections.total}`, ...examples].join("\n"),
    `## Text metrics\n${Object.entries(task.metrics)
      .filter(([, value]) => value !== undefined && value !== null)
      .map(([name, value]) => `- ${name}: ${String(value)}`)
      .join("\n")}`,
    [
      `Write feedback in ${language}, 150 to 250 words, as plain text without headings or lists.`,
      "Start with what works well, then give two or three concrete improvements, quoting the",
      "essay where it helps. Mention spelling only if the corrections show a pattern.",
    ].join("\n"),
  );
  return { system, user: parts.join("\n\n") };
}

/**
 * The vendor's answer as feedback: trimmed text.
 * @throws UnparseableAnswerError when the answer is empty.
 */
export function parseFeedbackAnswer(text: string, provider: ProviderName = "local"): FeedbackResult {
  const feedback_text = text.trim();
  if (!feedback_text) throw new UnparseableAnswerError("empty feedback", "", provider);
  return { feedback_text };
}
