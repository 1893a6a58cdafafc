import { toJsonSchema } from "@valibot/to-json-schema";
import * as v from "valibot";
import type { Language } from "@shared/contracts/enums.ts";
import { FeedbackDimensionSchema, type QuotedSpan, type StructuredFeedback, StructuredFeedbackSchema } from "@shared/contracts/feedback.ts";
import { jsonObjectCandidates } from "./answer-json.ts";
import { type ProviderName, UnparseableAnswerError } from "./errors.ts";

/** The JSON shape the vendor is asked for (quotes as text; LPS finds their offsets). */
export const VENDOR_FEEDBACK_SHAPE = `{
  "strengths": [{ "dimension": D, "point": "what works well", "quote": "exact words from the essay" }],  // 1 to 3
  "focus_areas": [{ "dimension": D, "explanation": "why and how to improve",
                    "examples": [{ "quote": "exact words from the essay", "rewrite": "the same words improved" }] }],  // 1 to 3, most important first; 0 to 2 examples each
  "next_step": "one concrete exercise"
}
where D is one of "development", "organisation", "cohesion", "syntax", "vocabulary", "phraseology", "grammar", "conventions", "relevance".`;

const text = v.pipe(v.string(), v.trim(), v.minLength(1));
const VendorFeedbackSchema = v.object({
  strengths: v.pipe(v.array(v.object({ dimension: FeedbackDimensionSchema, point: text, quote: text })), v.minLength(1), v.maxLength(3)),
  focus_areas: v.pipe(
    v.array(v.object({
      dimension: FeedbackDimensionSchema,
      explanation: text,
      examples: v.optional(v.pipe(v.array(v.object({ quote: text, rewrite: text })), v.maxLength(2)), []),
    })),
    v.minLength(1), v.maxLength(3),
  ),
  next_step: text,
});

/**
 * The answer's JSON Schema (draft-07), what the vendor is asked to validate against; the answer is
 * checked with the same valibot schema it is generated from.
 */
export const VENDOR_FEEDBACK_JSON_SCHEMA: Readonly<Record<string, unknown>> = (() => {
  const { $schema: _, ...schema } = toJsonSchema(VendorFeedbackSchema, { errorMode: "ignore" }) as Record<string, unknown>;
  return schema;
})();

/** The quote's first verbatim place in the essay (quotes sometimes differ only in surrounding blanks). */
function anchor(essay: string, quote: string): QuotedSpan | null {
  const start = essay.indexOf(quote);
  return start < 0 ? null : { text: quote, start, end: start + quote.length };
}

/**
 * The vendor's JSON as structured feedback with offsets.
 * @throws UnparseableAnswerError when no candidate object has the shape, or one quotes text not in the essay.
 */
export function anchorVendorFeedback(answer: string, essay: string, language: Language, provider: ProviderName): StructuredFeedback {
  const excerpt = answer.slice(0, 200);
  const parsed = jsonObjectCandidates(answer).map((c) => v.safeParse(VendorFeedbackSchema, c)).find((r) => r.success);
  if (!parsed?.success) throw new UnparseableAnswerError("feedback is not the JSON structure asked for", excerpt, provider);
  const missing: string[] = [];
  const span = (quote: string): QuotedSpan => {
    const found = anchor(essay, quote);
    if (!found) missing.push(quote);
    return found ?? { text: quote, start: 0, end: quote.length };
  };
  const a = parsed.output;
  const feedback: StructuredFeedback = {
    language,
    strengths: a.strengths.map((s) => ({ dimension: s.dimension, point: s.point, quote: span(s.quote) })),
    focus_areas: a.focus_areas.map((f, i) => ({
      dimension: f.dimension, rank: i + 1, explanation: f.explanation,
      examples: f.examples.map((e) => ({ quote: span(e.quote), rewrite: e.rewrite })),
      evidence: [],
    })),
    next_step: a.next_step,
  };
  if (missing.length > 0) {
    throw new UnparseableAnswerError(`feedback quotes text that is not in the essay: "${missing[0]!.slice(0, 80)}"`, excerpt, provider);
  }
  return v.parse(StructuredFeedbackSchema, feedback);
}
