import { PhaseName } from "@shared/contracts/enums.ts";

/** Clock skew allowed between BOS (which stamps a phase's start) and the services that stamp results. */
export const CLOCK_SKEW_MS = 5_000;

/** When each essay's latest result of each per-essay phase was produced. */
export interface EssayResultMarks {
  essayId: string;
  spellcheckAt: string | null;
  nlpAt: string | null;
  aiFeedbackAt: string | null;
}

export interface PhaseRunFacts {
  phase: PhaseName;
  startedAt: string | null;
  /** Essays the phase outcome reported as processed; null until the outcome is stored. */
  processedEssayIds: string[] | null;
}

const markOf: Record<Exclude<PhaseName, "cj_assessment">, keyof Omit<EssayResultMarks, "essayId">> = {
  spellcheck: "spellcheckAt",
  nlp: "nlpAt",
  ai_feedback: "aiFeedbackAt",
};

/** A result belongs to this run when it was produced after the run started (a rerun's old results do not count). */
function belongsToRun(resultAt: string | null, startedAt: string | null): boolean {
  if (!resultAt) return false;
  if (!startedAt) return true;
  return Date.parse(resultAt) >= Date.parse(startedAt) - CLOCK_SKEW_MS;
}

/**
 * A phase run's results are all stored when its outcome is in and every processed essay's result
 * is too (for CJ: the batch's published ranking). Outcomes and results come on different streams,
 * so either may be the last to arrive.
 */
export function phaseResultsComplete(run: PhaseRunFacts, essays: readonly EssayResultMarks[], cjPublishedAt: string | null): boolean {
  const processed = run.processedEssayIds;
  if (processed === null) return false;
  if (processed.length === 0) return true;
  if (run.phase === PhaseName.CJ_ASSESSMENT) return belongsToRun(cjPublishedAt, run.startedAt);
  const mark = markOf[run.phase];
  const byId = new Map(essays.map((e) => [e.essayId, e]));
  return processed.every((id) => belongsToRun(byId.get(id)?.[mark] ?? null, run.startedAt));
}
