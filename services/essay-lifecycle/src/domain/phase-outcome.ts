import { PhaseOutcomeStatus } from "@shared/contracts/enums.ts";
import type { EssayTextRef } from "@shared/contracts/events/essay-ref.ts";

/** Where one essay of a phase run stands. */
export interface RunEssayState {
  essay_id: string;
  /** `cancelled`: the owner cancelled the pipeline; such a run is closed without an outcome. */
  status: "pending" | "success" | "failed" | "cancelled";
  /** The text the essay carries out of the phase (corrected text after spellcheck, else its input). */
  text_storage_id: string;
}

export interface PhaseOutcome {
  status: PhaseOutcomeStatus;
  processed_essays: EssayTextRef[];
  failed_essay_ids: string[];
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
  return { status, processed_essays, failed_essay_ids };
}
