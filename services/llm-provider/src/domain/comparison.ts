import * as v from "valibot";
import { LanguageSchema } from "@shared/contracts/enums.ts";
import { type ProviderName, UnparseableAnswerError } from "./errors.ts";
import { jsonObjectCandidates } from "./answer-json.ts";

const EssaySchema = v.object({
  id: v.pipe(v.string(), v.minLength(1)),
  text: v.pipe(v.string(), v.minLength(1)),
});

/** Two essays to judge against the same assignment. */
export const ComparisonTaskSchema = v.object({
  essay_a: EssaySchema,
  essay_b: EssaySchema,
  prompt_text: v.nullish(v.string()),
  instructions: v.string(),
  language: LanguageSchema,
});
export type ComparisonTask = v.InferOutput<typeof ComparisonTaskSchema>;

export const WinnerSchema = v.picklist(["essay_a", "essay_b"]);
export type Winner = v.InferOutput<typeof WinnerSchema>;

/** A judge's verdict on one pair. */
export const ComparisonResultSchema = v.object({
  winner: WinnerSchema,
  justification: v.pipe(v.string(), v.trim(), v.minLength(1)),
  confidence: v.pipe(v.number(), v.minValue(0), v.maxValue(1)),
});
export type ComparisonResult = v.InferOutput<typeof ComparisonResultSchema>;

const WINNER_ALIASES: Record<string, Winner> = {
  "essay a": "essay_a",
  a: "essay_a",
  "essay b": "essay_b",
  b: "essay_b",
};

// Models drift in casing and labels ("Essay A", "A"); the meaning is unambiguous, so accept them.
const LenientAnswerSchema = v.object({
  winner: v.pipe(
    v.string(),
    v.transform((s) => WINNER_ALIASES[s.trim().toLowerCase().replace(/[-_\s]+/g, " ")] ?? s),
    WinnerSchema,
  ),
  justification: v.pipe(v.string(), v.trim(), v.minLength(1)),
  confidence: v.pipe(
    v.union([v.number(), v.pipe(v.string(), v.trim(), v.decimal(), v.transform(Number))]),
    v.minValue(0),
    v.maxValue(1),
  ),
});

const EXCERPT_CHARS = 300;

/**
 * Turn a vendor's text answer into a verdict: the first JSON object (bare, in prose, or in a
 * ```json fence) that has a valid winner, justification and confidence in 0..1.
 * @example parseComparisonAnswer('Verdict: {"winner":"essay_b","justification":"…","confidence":0.7}')
 * @throws UnparseableAnswerError when no such object is found.
 */
export function parseComparisonAnswer(text: string, provider: ProviderName = "local"): ComparisonResult {
  const excerpt = text.slice(0, EXCERPT_CHARS);
  const candidates = jsonObjectCandidates(text);
  if (candidates.length === 0) throw new UnparseableAnswerError("no JSON object in the answer", excerpt, provider);
  let firstProblem = "";
  for (const candidate of candidates) {
    const parsed = v.safeParse(LenientAnswerSchema, candidate);
    if (parsed.success) return parsed.output;
    firstProblem ||= parsed.issues
      .map((issue) => `${v.getDotPath(issue) ?? "(root)"}: ${issue.message}`)
      .join("; ");
  }
  throw new UnparseableAnswerError(`no JSON object has a valid verdict (${firstProblem})`, excerpt, provider);
}
