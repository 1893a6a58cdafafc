import { PhaseName } from "@shared/contracts/enums.ts";
import type { ELSBatchPhaseOutcomeTopic, PhaseEssayResult } from "@shared/contracts/events/phase-outcome.ts";
import type { SpellingCorrectionSchema } from "@shared/contracts/events/phase-results.ts";
import type { TopicData } from "@shared/contracts/topics.ts";
import type * as v from "valibot";

// ELS phase outcomes as ELS writes them: what ai-feedback builds its requests from.

type Outcome = TopicData<typeof ELSBatchPhaseOutcomeTopic>;
type Correction = v.InferOutput<typeof SpellingCorrectionSchema>;

export interface SpellcheckedEssay { essayId: string; textStorageId: string; correctionCount: number; corrections?: Correction[]; failed?: boolean }
export interface MeasuredEssay { essayId: string; textStorageId: string; metrics: Record<string, number>; grammarStorageId?: string; failed?: boolean }

function outcome(batchId: string, phase: PhaseName, results: PhaseEssayResult[]): Outcome {
  const processed = results.filter((r) => r.status === "success");
  const failed = results.filter((r) => r.status === "failed").map((r) => r.essay_id);
  return {
    batch_id: batchId, phase, user_id: "teacher-1", org_id: null,
    status: processed.length === 0 ? "FAILED_CRITICALLY" : failed.length > 0 ? "COMPLETED_WITH_FAILURES" : "COMPLETED_SUCCESSFULLY",
    processed_essays: processed.map((r) => ({ essay_id: r.essay_id, text_storage_id: r.text_storage_id })),
    failed_essay_ids: failed, essay_results: results,
  };
}

const failedResult = (essayId: string, textStorageId: string): PhaseEssayResult =>
  ({ essay_id: essayId, status: "failed", text_storage_id: textStorageId, failure_reason: "PROCESSING_ERROR", result_refs: {} });

export function spellcheckOutcome(batchId: string, essays: SpellcheckedEssay[]): Outcome {
  return outcome(batchId, PhaseName.SPELLCHECK, essays.map((e) => e.failed ? failedResult(e.essayId, e.textStorageId) : {
    essay_id: e.essayId, status: "success", text_storage_id: e.textStorageId, failure_reason: null,
    result_refs: { spellcheck: { corrected_text_storage_id: e.textStorageId, correction_count: e.correctionCount, corrections: e.corrections ?? [] } },
  }));
}

export function nlpOutcome(batchId: string, essays: MeasuredEssay[]): Outcome {
  return outcome(batchId, PhaseName.NLP, essays.map((e) => e.failed ? failedResult(e.essayId, e.textStorageId) : {
    essay_id: e.essayId, status: "success", text_storage_id: e.textStorageId, failure_reason: null,
    result_refs: { nlp: { metrics_storage_id: `metrics-${e.essayId}`, grammar_storage_id: e.grammarStorageId ?? null, metrics: e.metrics } },
  }));
}
