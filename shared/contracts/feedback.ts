import * as v from "valibot";
import { LanguageSchema } from "./enums.ts";

/** The analytic dimensions of writing rubrics (ELLIPSE's six plus development, organisation, relevance). */
export const FEEDBACK_DIMENSIONS = [
  "development", "organisation", "cohesion", "syntax", "vocabulary", "phraseology", "grammar", "conventions", "relevance",
] as const;
export type FeedbackDimension = (typeof FEEDBACK_DIMENSIONS)[number];
export const FeedbackDimensionSchema = v.picklist(FEEDBACK_DIMENSIONS);

const offset = v.pipe(v.number(), v.integer(), v.minValue(0));

/** A verbatim span of the essay as the student wrote it: `essay.slice(start, end) === text` (UTF-16 offsets). */
export const QuotedSpanSchema = v.object({ text: v.pipe(v.string(), v.minLength(1)), start: offset, end: offset });
export type QuotedSpan = v.InferOutput<typeof QuotedSpanSchema>;

export const FeedbackStrengthSchema = v.object({
  dimension: FeedbackDimensionSchema,
  point: v.pipe(v.string(), v.minLength(1)),
  quote: QuotedSpanSchema,
});

/** One place to fix: the quoted span and how it could read instead. */
export const FeedbackExampleSchema = v.object({ quote: QuotedSpanSchema, rewrite: v.pipe(v.string(), v.minLength(1)) });

/** One measured signal that chose a focus area: the essay's value beside what its batch and level expect. */
export const FeedbackEvidenceSchema = v.object({
  signal: v.string(),
  value: v.number(),
  expected: v.nullable(v.number()),
  /** Standard deviations from the expectation, oriented so that negative is worse. */
  z: v.nullable(v.number()),
  source: v.picklist(["spellcheck", "grammar", "nlp", "text", "cj", "model"]),
});
export type FeedbackEvidence = v.InferOutput<typeof FeedbackEvidenceSchema>;

export const FocusAreaSchema = v.object({
  dimension: FeedbackDimensionSchema,
  /** 1 = the most important. */
  rank: v.pipe(v.number(), v.integer(), v.minValue(1), v.maxValue(3)),
  explanation: v.pipe(v.string(), v.minLength(1)),
  examples: v.pipe(v.array(FeedbackExampleSchema), v.maxLength(2)),
  evidence: v.array(FeedbackEvidenceSchema),
});
export type FocusArea = v.InferOutput<typeof FocusAreaSchema>;

/** Structured feedback on one essay: what the student, the teacher and the web app read. */
export const StructuredFeedbackSchema = v.pipe(
  v.object({
    language: LanguageSchema,
    strengths: v.pipe(v.array(FeedbackStrengthSchema), v.minLength(1), v.maxLength(3)),
    focus_areas: v.pipe(v.array(FocusAreaSchema), v.minLength(1), v.maxLength(3)),
    next_step: v.pipe(v.string(), v.minLength(1)),
  }),
  v.title("StructuredFeedback"),
);
export type StructuredFeedback = v.InferOutput<typeof StructuredFeedbackSchema>;
export type FeedbackStrength = v.InferOutput<typeof FeedbackStrengthSchema>;
export type FeedbackExample = v.InferOutput<typeof FeedbackExampleSchema>;

/** Every quoted span of the feedback, strengths first. */
export function quotedSpans(feedback: StructuredFeedback): QuotedSpan[] {
  return [...feedback.strengths.map((s) => s.quote), ...feedback.focus_areas.flatMap((f) => f.examples.map((e) => e.quote))];
}

/**
 * The quotes that are not the essay's own text at their offsets (empty when all are verbatim).
 * @example misquotedSpans(feedback, essayText).length === 0
 */
export function misquotedSpans(feedback: StructuredFeedback, essay: string): QuotedSpan[] {
  return quotedSpans(feedback).filter((q) => q.end <= q.start || essay.slice(q.start, q.end) !== q.text);
}

/** Mean and spread of one signal over a batch's essays. */
export const SignalNormSchema = v.object({
  mean: v.number(),
  sd: v.pipe(v.number(), v.minValue(0)),
  n: v.pipe(v.number(), v.integer(), v.minValue(1)),
});
export type SignalNorm = v.InferOutput<typeof SignalNormSchema>;
export const BatchNormsSchema = v.record(v.string(), SignalNormSchema);
export type BatchNorms = v.InferOutput<typeof BatchNormsSchema>;
