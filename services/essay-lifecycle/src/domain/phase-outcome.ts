import { PhaseOutcomeStatus } from "@shared/contracts/enums.ts";
import type { EssayTextRef } from "@shared/contracts/events/essay-ref.ts";
import type { PhaseEssayResult, PhaseResultRefs } from "@shared/contracts/events/phase-outcome.ts";

/** Where one essay of a phase run stands. */
export interface RunEssayState {
  essay_id: string;
  /** `cancelled`: the owner cancelled the pipeline; such a run is closed without an outcome. */
  status: "pending" | "success" | "failed" | "cancelled";
  /** The text the essay carries out of the phase (corrected text after spellcheck, else its input). */
  text_storage_id: string;
  failure_reason?: string | null;
  /** What the phase service reported for the essay (empty until it succeeded). */
  result_refs?: PhaseResultRefs;
}

export interface PhaseOutcome {
  status: PhaseOutcomeStatus;
  processed_essays: EssayTextRef[];
  failed_essay_ids: string[];
  /** Every finished essay of the run (cancelled ones are left out), in command order. */
  essay_results: PhaseEssayResult[];
}

/**
 * The outcome of a phase run, or `undefined` while any essay is still pending.
 * A run in which no essay succeeded (including an empty one) failed critically.
 * @example decidePhaseOutcome([{ essay_id: "e1", status: "failed", text_storage_id: "t1" }]) // FAILED_CRITICALLY
 */
export function decidePhaseOutcome(essays: readonly RunEssayState[]): PhaseOutcome | undefined {
  if (essays.some((e) => e.status === "pending")) return undefined;
  const processed_essays = essays.filter((e) => e.status === "success").map((e) => ({ essay_id: e.essay_id, text_storage_id: e.text_storage_id }));
  const failed_essay_ids = essays.filter((e) => e.status === "failed").map((e) => e.essay_id);
  const status =
    processed_essays.length === 0 ? PhaseOutcomeStatus.FAILED_CRITICALLY
    : failed_essay_ids.length > 0 ? PhaseOutcomeStatus.COMPLETED_WITH_FAILURES
    : PhaseOutcomeStatus.COMPLETED_SUCCESSFULLY;
  const essay_results = essays.flatMap((e): PhaseEssayResult[] =>
    e.status === "success" || e.status === "failed"
      ? [{
        essay_id: e.essay_id, status: e.status, text_storage_id: e.text_storage_id,
        failure_reason: e.status === "failed" ? e.failure_reason ?? null : null,
        result_refs: e.status === "success" ? e.result_refs ?? {} : {},
      }]
      : []);
  return { status, processed_essays, failed_essay_ids, essay_results };
}
