import { describe, expect, test } from "bun:test";
import { decideRetry, planCancellation, predatesCancellation } from "../../src/domain/run-control.ts";

describe("planCancellation", () => {
  test("in-progress phases are cancelled, pending ones skipped, finished ones stand", () => {
    expect(planCancellation([
      { phase: "spellcheck", status: "COMPLETED_WITH_FAILURES" }, { phase: "nlp", status: "IN_PROGRESS" },
      { phase: "cj_assessment", status: "PENDING" }, { phase: "ai_feedback", status: "PENDING" },
    ])).toEqual({ cancelled: ["nlp"], skipped: ["cj_assessment", "ai_feedback"], completed: ["spellcheck"] });
  });
});

describe("decideRetry", () => {
  const failures = [{ essayId: "e2", phase: "spellcheck" as const }, { essayId: "e5", phase: "nlp" as const }, { essayId: "e7", phase: "spellcheck" as const }];
  test("the essays that failed the phase, in the order given", () => {
    expect(decideRetry("spellcheck", "run-1", failures)).toEqual({ kind: "retry", essayIds: ["e2", "e7"] });
    expect(decideRetry("nlp", "run-1", failures)).toEqual({ kind: "retry", essayIds: ["e5"] });
  });
  test("refused with a reason: no run, no failures in the phase, or CJ", () => {
    expect(decideRetry("spellcheck", undefined, [])).toMatchObject({ kind: "refuse", reason: "no_runs" });
    expect(decideRetry("ai_feedback", "run-1", failures)).toMatchObject({ kind: "refuse", reason: "no_failed_essays" });
    expect(decideRetry("cj_assessment", "run-1", failures)).toMatchObject({ kind: "refuse", reason: "phase_not_retryable" });
  });
});

test("predatesCancellation: only an outcome older than the last cancellation is stale", () => {
  expect(predatesCancellation("2026-01-01T10:00:00.000Z", "2026-01-01T10:00:01.000Z")).toBe(true);
  expect(predatesCancellation("2026-01-01T10:00:02.000Z", "2026-01-01T10:00:01.000Z")).toBe(false);
  expect(predatesCancellation("2026-01-01T10:00:02.000Z", null)).toBe(false);
});
