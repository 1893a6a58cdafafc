import { describe, expect, test } from "bun:test";
import { completedPhases, decidePhaseOutcome, phaseStatusForOutcome, type PhaseOutcomeFacts, type RunPhase } from "../../src/domain/phase-progress.ts";

const run = (...phases: [RunPhase["phase"], RunPhase["status"]][]): RunPhase[] => phases.map(([phase, status]) => ({ phase, status }));
const facts = (over: Partial<PhaseOutcomeFacts> = {}): PhaseOutcomeFacts => ({
  phase: "spellcheck", status: "COMPLETED_SUCCESSFULLY", failedEssayCount: 0, remainingEssays: 3, runHasFailedEssays: false, ...over,
});

describe("decidePhaseOutcome", () => {
  test("a successful phase starts the next pending one", () => {
    expect(decidePhaseOutcome(run(["spellcheck", "IN_PROGRESS"], ["nlp", "PENDING"]), facts())).toEqual({
      kind: "next_phase", phaseStatus: "COMPLETED_SUCCESSFULLY", next: "nlp",
    });
  });

  test("the last phase finishes the pipeline; any failure along the way makes it partial", () => {
    const phases = run(["spellcheck", "COMPLETED_SUCCESSFULLY"], ["nlp", "IN_PROGRESS"]);
    expect(decidePhaseOutcome(phases, facts({ phase: "nlp" }))).toEqual({ kind: "finish", phaseStatus: "COMPLETED_SUCCESSFULLY", finalStatus: "COMPLETED_SUCCESSFULLY", skipped: [] });
    expect(decidePhaseOutcome(phases, facts({ phase: "nlp", runHasFailedEssays: true }))).toMatchObject({ finalStatus: "COMPLETED_WITH_FAILURES" });
    const earlierPartial = run(["spellcheck", "COMPLETED_WITH_FAILURES"], ["nlp", "IN_PROGRESS"]);
    expect(decidePhaseOutcome(earlierPartial, facts({ phase: "nlp" }))).toMatchObject({ finalStatus: "COMPLETED_WITH_FAILURES" });
  });

  test("essay failures turn a reported success into a partial phase", () => {
    expect(phaseStatusForOutcome("COMPLETED_SUCCESSFULLY", 1)).toBe("COMPLETED_WITH_FAILURES");
    expect(phaseStatusForOutcome("COMPLETED_SUCCESSFULLY", 0)).toBe("COMPLETED_SUCCESSFULLY");
    expect(phaseStatusForOutcome("FAILED_CRITICALLY", 0)).toBe("FAILED");
  });

  test("a critical failure ends the pipeline and skips what is left", () => {
    expect(decidePhaseOutcome(run(["spellcheck", "IN_PROGRESS"], ["nlp", "PENDING"], ["ai_feedback", "PENDING"]), facts({ status: "FAILED_CRITICALLY" }))).toEqual({
      kind: "finish", phaseStatus: "FAILED", finalStatus: "FAILED_CRITICALLY", skipped: ["nlp", "ai_feedback"],
    });
  });

  test("when every essay has failed, later phases are skipped and the pipeline ends partial", () => {
    expect(decidePhaseOutcome(run(["spellcheck", "IN_PROGRESS"], ["nlp", "PENDING"]), facts({ status: "COMPLETED_WITH_FAILURES", failedEssayCount: 3, remainingEssays: 0, runHasFailedEssays: true }))).toEqual({
      kind: "finish", phaseStatus: "COMPLETED_WITH_FAILURES", finalStatus: "COMPLETED_WITH_FAILURES", skipped: ["nlp"],
    });
  });

  test("outcomes for phases not running now are ignored", () => {
    const phases = run(["spellcheck", "COMPLETED_SUCCESSFULLY"], ["nlp", "IN_PROGRESS"]);
    expect(decidePhaseOutcome(phases, facts({ phase: "spellcheck" }))).toEqual({ kind: "ignore", reason: "phase_not_in_progress" });
    expect(decidePhaseOutcome(phases, facts({ phase: "cj_assessment" }))).toEqual({ kind: "ignore", reason: "phase_not_in_run" });
  });

  test("completedPhases keeps run order and leaves out failed and skipped phases", () => {
    expect(completedPhases(run(["spellcheck", "COMPLETED_WITH_FAILURES"], ["nlp", "COMPLETED_SUCCESSFULLY"], ["ai_feedback", "SKIPPED"]))).toEqual(["spellcheck", "nlp"]);
    expect(completedPhases(run(["spellcheck", "FAILED"]))).toEqual([]);
  });
});
