import * as v from "valibot";
import { LanguageSchema } from "@shared/contracts/enums.ts";
import { BatchNormsSchema, StructuredFeedbackSchema, type StructuredFeedback } from "@shared/contracts/feedback.ts";
import { GrammarCheckResponseSchema } from "@shared/contracts/grammar.ts";
import type { VendorPrompt } from "./comparison-prompt.ts";
import { type ProviderName, UnparseableAnswerError } from "./errors.ts";
import { essayAsWritten } from "./feedback-writer/as-written.ts";
import { grammarFindingsFromCheck } from "./feedback-writer/grammar-evidence.ts";
import { renderFeedbackText } from "./feedback-writer/write-feedback.ts";
import { anchorVendorFeedback, VENDOR_FEEDBACK_JSON_SCHEMA, VENDOR_FEEDBACK_SHAPE } from "./vendor-feedback.ts";

// Field names follow the spellchecker's corrections and the NLP service's metrics.
const CorrectionSchema = v.object({ original: v.string(), replacement: v.string(), offset: v.optional(v.pipe(v.number(), v.integer(), v.minValue(0))) });

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
  /** The batch's norms of the feedback signals; empty when the batch is not known. */
  batch_norms: v.optional(BatchNormsSchema),
  /** The NLP phase's grammar check of `essay_text` (its offsets); absent when none is known. */
  grammar: v.optional(GrammarCheckResponseSchema),
});
export type FeedbackTask = v.InferOutput<typeof FeedbackTaskSchema>;

export const FeedbackResultSchema = v.object({
  feedback_text: v.pipe(v.string(), v.trim(), v.minLength(1)),
  feedback: v.optional(StructuredFeedbackSchema),
});
export type FeedbackResult = { feedback_text: string; feedback?: StructuredFeedback };

const MAX_EXAMPLES_IN_PROMPT = 10;

/**
 * Render the feedback prompt for a vendor model: the essay as written, the measured evidence, and
 * the JSON structure to answer in.
 * @example const { system, user } = buildFeedbackPrompt(task)
 */
export function buildFeedbackPrompt(task: FeedbackTask): VendorPrompt {
  const language = task.language === "sv" ? "Swedish" : "English";
  const system =
    "You are a supportive, precise writing teacher. You write feedback directly to the student " +
    "who wrote the essay: concrete, kind, and specific to their text. You answer with JSON only.";
  const parts: string[] = [];
  if (task.prompt_text?.trim()) parts.push(`## Essay prompt\n${task.prompt_text.trim()}`);
  const written = essayAsWritten(task.essay_text, task.corrections.examples);
  const essay = written.text;
  parts.push(`## The student's essay\n<essay>\n${essay.trim()}\n</essay>`);
  const examples = (task.corrections.examples)
    .slice(0, MAX_EXAMPLES_IN_PROMPT)
    .map((c) => `- "${c.original}" → "${c.replacement}"`);
  parts.push(
    [`## Spelling corrections found: ${task.corrections.total}`, ...examples].join("\n"),
    ...grammarSection(task, written),
    `## Text metrics\n${Object.entries(task.metrics)
      .filter(([, value]) => value !== undefined && value !== null)
      .map(([name, value]) => `- ${name}: ${String(value)}`)
      .join("\n")}`,
    [
      `Write the feedback in ${language}, for a school student, encouraging and concrete.`,
      "Answer with one JSON object of exactly this shape:",
      VENDOR_FEEDBACK_SHAPE,
      `It must validate against this JSON Schema:\n${JSON.stringify(VENDOR_FEEDBACK_JSON_SCHEMA)}`,
      "Every \"quote\" must be copied character for character from the essay (a few words to one sentence).",
      "Name only errors that are really in the essay; mention spelling only if the corrections show a pattern.",
    ].join("\n"),
  );
  return { system, user: parts.join("\n\n") };
}

/** The grammar checker's findings, as the essay has them, for the vendor prompt (none when no check is known). */
function grammarSection(task: FeedbackTask, written: ReturnType<typeof essayAsWritten>): string[] {
  if (task.grammar === undefined) return [];
  const findings = grammarFindingsFromCheck(task.grammar, task.essay_text, written.text, written.corrections);
  const lines = findings.slice(0, MAX_EXAMPLES_IN_PROMPT).map((f) => `- [${f.category}] "${f.span.text}" → "${f.suggestion}" (${f.message})`);
  return [[`## Grammar checker (${task.grammar.checker}) findings: ${findings.length}`, ...lines].join("\n")];
}

/**
 * The vendor's answer as structured feedback, every quote found in the essay, plus its text.
 * @throws UnparseableAnswerError when the answer is not the JSON asked for, or quotes text the essay does not have.
 */
export function parseFeedbackAnswer(text: string, provider: ProviderName, task: FeedbackTask): FeedbackResult {
  if (!text.trim()) throw new UnparseableAnswerError("empty feedback", "", provider);
  const essay = essayAsWritten(task.essay_text, task.corrections.examples).text;
  const feedback = anchorVendorFeedback(text, essay, task.language, provider);
  return { feedback_text: renderFeedbackText(feedback), feedback };
}
