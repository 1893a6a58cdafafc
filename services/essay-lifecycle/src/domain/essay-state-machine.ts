import { EssayStatus, PhaseName } from "@shared/contracts/enums.ts";

const S = EssayStatus;

/** The three statuses each phase moves an essay through. */
export const PHASE_STATUSES = {
  [PhaseName.SPELLCHECK]: { inProgress: S.SPELLCHECK_IN_PROGRESS, success: S.SPELLCHECK_SUCCESS, failed: S.SPELLCHECK_FAILED },
  [PhaseName.NLP]: { inProgress: S.NLP_IN_PROGRESS, success: S.NLP_SUCCESS, failed: S.NLP_FAILED },
  [PhaseName.CJ_ASSESSMENT]: { inProgress: S.CJ_ASSESSMENT_IN_PROGRESS, success: S.CJ_ASSESSMENT_SUCCESS, failed: S.CJ_ASSESSMENT_FAILED },
  [PhaseName.AI_FEEDBACK]: { inProgress: S.AI_FEEDBACK_IN_PROGRESS, success: S.AI_FEEDBACK_SUCCESS, failed: S.AI_FEEDBACK_FAILED },
} as const satisfies Record<PhaseName, { inProgress: EssayStatus; success: EssayStatus; failed: EssayStatus }>;

// An essay with usable text may start any phase: phases run in pipeline order, and a later request
// may start from whatever phase last succeeded (completed phases are pruned, not rerun).
const START_ANY_PHASE = [S.SPELLCHECK_IN_PROGRESS, S.NLP_IN_PROGRESS, S.CJ_ASSESSMENT_IN_PROGRESS, S.AI_FEEDBACK_IN_PROGRESS] as const;

/**
 * Every legal move, written out. A failed phase may only be retried (same phase); any other phase
 * needs text that came through successfully. A phase in progress ends in its own result, or goes
 * back to READY_FOR_PROCESSING when the owner cancels the pipeline (its text is the one it had
 * before the phase, and READY may start any phase, as every success may).
 */
export const ESSAY_TRANSITIONS: Readonly<Record<EssayStatus, readonly EssayStatus[]>> = {
  [S.AWAITING_CONTENT]: [S.READY_FOR_PROCESSING],
  [S.READY_FOR_PROCESSING]: START_ANY_PHASE,

  [S.SPELLCHECK_IN_PROGRESS]: [S.SPELLCHECK_SUCCESS, S.SPELLCHECK_FAILED, S.READY_FOR_PROCESSING],
  [S.SPELLCHECK_SUCCESS]: START_ANY_PHASE,
  [S.SPELLCHECK_FAILED]: [S.SPELLCHECK_IN_PROGRESS],

  [S.NLP_IN_PROGRESS]: [S.NLP_SUCCESS, S.NLP_FAILED, S.READY_FOR_PROCESSING],
  [S.NLP_SUCCESS]: START_ANY_PHASE,
  [S.NLP_FAILED]: [S.NLP_IN_PROGRESS],

  [S.CJ_ASSESSMENT_IN_PROGRESS]: [S.CJ_ASSESSMENT_SUCCESS, S.CJ_ASSESSMENT_FAILED, S.READY_FOR_PROCESSING],
  [S.CJ_ASSESSMENT_SUCCESS]: START_ANY_PHASE,
  [S.CJ_ASSESSMENT_FAILED]: [S.CJ_ASSESSMENT_IN_PROGRESS],

  [S.AI_FEEDBACK_IN_PROGRESS]: [S.AI_FEEDBACK_SUCCESS, S.AI_FEEDBACK_FAILED, S.READY_FOR_PROCESSING],
  [S.AI_FEEDBACK_SUCCESS]: START_ANY_PHASE,
  [S.AI_FEEDBACK_FAILED]: [S.AI_FEEDBACK_IN_PROGRESS],
};

/** What happened to an essay, in the domain's words. */
export type EssayEvent =
  | { type: "content_assigned" }
  | { type: "phase_started"; phase: PhaseName }
  | { type: "phase_succeeded"; phase: PhaseName }
  | { type: "phase_failed"; phase: PhaseName }
  | { type: "phase_cancelled"; phase: PhaseName };

export type TransitionDecision =
  | { kind: "move"; from: EssayStatus; to: EssayStatus }
  // "already" = the essay is already where the event would take it (a duplicate or stale event).
  | { kind: "reject"; from: EssayStatus; to: EssayStatus; reason: "already" | "illegal" };

/** The status an event aims for. */
export function targetStatus(event: EssayEvent): EssayStatus {
  switch (event.type) {
    case "content_assigned":
      return S.READY_FOR_PROCESSING;
    case "phase_started":
      return PHASE_STATUSES[event.phase].inProgress;
    case "phase_succeeded":
      return PHASE_STATUSES[event.phase].success;
    case "phase_failed":
      return PHASE_STATUSES[event.phase].failed;
    case "phase_cancelled":
      return S.READY_FOR_PROCESSING;
  }
}

export function canTransition(from: EssayStatus, to: EssayStatus): boolean {
  return ESSAY_TRANSITIONS[from].includes(to);
}

/**
 * Decide whether an event may move an essay; never throws. The caller applies a "move" and logs a "reject".
 * @example decideTransition("READY_FOR_PROCESSING", { type: "phase_started", phase: "nlp" }) // move → NLP_IN_PROGRESS
 */
export function decideTransition(from: EssayStatus, event: EssayEvent): TransitionDecision {
  const to = targetStatus(event);
  if (canTransition(from, to)) return { kind: "move", from, to };
  return { kind: "reject", from, to, reason: from === to ? "already" : "illegal" };
}
