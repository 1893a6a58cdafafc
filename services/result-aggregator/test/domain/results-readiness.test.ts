import { describe, expect, test } from "bun:test";
import { BatchStatus, PhaseStatus } from "@shared/contracts/enums.ts";
import { pendingResultPhases, shownBatchStatus, type PhaseReadinessFacts } from "../../src/domain/results-readiness.ts";

const run = (over: Partial<PhaseReadinessFacts>): PhaseReadinessFacts => ({
  phase: "spellcheck", pipeline: "nlp", status: PhaseStatus.COMPLETED_SUCCESSFULLY, processedEssayIds: ["e1"], resultsReadyAt: "2026-01-01T00:00:00.000Z", ...over,
});

describe("pendingResultPhases", () => {
  const last = { pipeline: "nlp" as const, completedPhases: ["spellcheck", "nlp"] as const };
  test("every completed phase with its results stored → none pending", () => {
    expect(pendingResultPhases(last, [run({}), run({ phase: "nlp" })])).toEqual([]);
  });
  test("a completed phase not seen, without its outcome, or without all results → pending, in pipeline order", () => {
    expect(pendingResultPhases(last, [run({ phase: "nlp", resultsReadyAt: null })])).toEqual(["spellcheck", "nlp"]);
    expect(pendingResultPhases(last, [run({ status: PhaseStatus.IN_PROGRESS, processedEssayIds: null, resultsReadyAt: null }), run({ phase: "nlp" })])).toEqual(["spellcheck"]);
  });
  test("a run seeded from BOS (completed, no outcome details) counts as stored; no finished pipeline → none", () => {
    expect(pendingResultPhases(last, [run({ processedEssayIds: null, resultsReadyAt: null }), run({ phase: "nlp" })])).toEqual([]);
    expect(pendingResultPhases(null, [run({ resultsReadyAt: null })])).toEqual([]);
  });
});

test("a finished status is shown only when nothing is pending", () => {
  expect(shownBatchStatus(BatchStatus.COMPLETED_SUCCESSFULLY, ["cj_assessment"])).toBe(BatchStatus.PROCESSING_PIPELINES);
  expect(shownBatchStatus(BatchStatus.COMPLETED_WITH_FAILURES, [])).toBe(BatchStatus.COMPLETED_WITH_FAILURES);
  expect(shownBatchStatus(BatchStatus.READY_FOR_PIPELINE_EXECUTION, ["nlp"])).toBe(BatchStatus.READY_FOR_PIPELINE_EXECUTION);
});
