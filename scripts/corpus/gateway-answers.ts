// The parts of the gateway's answers the corpus runner reads, parsed with valibot (loose: the
// services may add fields), and the LLM provider's cost counter from its Prometheus text.
import * as v from "valibot";

const nullish = <S extends v.GenericSchema>(s: S) => v.nullish(s);

export const PromptReferenceSchema = v.looseObject({ references: v.record(v.string(), v.looseObject({ storage_id: v.string() })) });
export const BatchRegisteredSchema = v.looseObject({ batch_id: v.string() });
export const UploadAnswerSchema = v.looseObject({
  files: v.array(v.looseObject({ file_name: v.string(), accepted: v.boolean(), error_code: v.optional(v.string()), message: v.optional(v.string()) })),
});
export const BatchSummarySchema = v.looseObject({ status: v.string(), current_phase: nullish(v.string()) });
export const BatchStatusViewSchema = v.looseObject({
  phases: v.optional(v.array(v.looseObject({ phase: v.string(), status: v.string(), processed_count: nullish(v.number()), essay_count: nullish(v.number()) })), []),
  last_pipeline: nullish(v.looseObject({ pipeline: v.string(), final_status: v.string(), completed_at: v.string() })),
  denial: nullish(v.looseObject({ error_code: v.string(), message: v.string() })),
});
export type BatchStatusView = v.InferOutput<typeof BatchStatusViewSchema>;
export const BatchResultsSchema = v.looseObject({
  cj_assessment: nullish(v.looseObject({ comparisons_made: v.number(), finish_reason: v.optional(v.string()), grade_scale: nullish(v.string()) })),
  essays: v.array(v.looseObject({
    file_name: nullish(v.string()),
    cj_assessment: nullish(v.looseObject({ rank: v.number(), score: v.number(), grade: nullish(v.string()), grade_probabilities: v.optional(v.record(v.string(), v.number())) })),
    failures: v.optional(v.array(v.looseObject({ phase: v.string(), error_code: v.string() })), []),
  })),
});
export type BatchResults = v.InferOutput<typeof BatchResultsSchema>;
export const CreditBalanceSchema = v.looseObject({ balance: v.number(), consumed: v.number() });

/**
 * The sum of `llm_cost_usd_total` over its label sets in Prometheus text; undefined when absent.
 * @example llmCostUsd('llm_cost_usd_total{provider="openai"} 0.25\n'); // 0.25
 */
export function llmCostUsd(metricsText: string): number | undefined {
  let total: number | undefined;
  for (const line of metricsText.split("\n")) {
    const m = /^llm_cost_usd_total(?:\{[^}]*\})?\s+([-+0-9.eE]+|NaN)\s*$/.exec(line.trim());
    if (m && Number.isFinite(Number(m[1]))) total = (total ?? 0) + Number(m[1]);
  }
  return total;
}

/** The provider's total USD so far, or undefined when its /metrics cannot be read. */
export async function readLlmCostUsd(lpsUrl: string): Promise<number | undefined> {
  try {
    const res = await fetch(`${lpsUrl}/metrics`, { signal: AbortSignal.timeout(3000) });
    if (!res.ok) return undefined;
    // A provider that priced nothing yet has the counter with no samples: that is $0, not unknown.
    const text = await res.text();
    return llmCostUsd(text) ?? (text.includes("llm_cost_usd_total") ? 0 : undefined);
  } catch {
    return undefined;
  }
}
