import { describe, expect, test } from "bun:test";
import * as v from "valibot";
import { PipelineStateResponseSchema } from "@shared/contracts/pipeline-state.ts";
import { seedFromPipelineState } from "../../src/domain/pipeline-state.ts";
import { phase, run } from "../support/pipeline-state.ts";
import { BEGINNING_OF_TIME, durationMs, latestOf, phaseStatusForOutcome, supersedes } from "../../src/domain/event-order.ts";
import { backoffDelays } from "../../src/domain/retry-schedule.ts";

describe("seedFromPipelineState", () => {
  test("the latest run of each phase wins; a later run that skipped a phase keeps the earlier result", () => {
    const answer = v.parse(PipelineStateResponseSchema, {
      batch_id: "b", user_id: "u", extra: "ignored",
      pipeline_state: {
        batch_status: "PROCESSING_PIPELINES", active_pipeline: "nlp", current_phase: "nlp", completed_phases: ["spellcheck"],
        runs: [
          run({ run_id: "r1", pipeline: "spellcheck", status: "COMPLETED_SUCCESSFULLY", requested_at: "2026-01-01T10:00:00.000Z", completed_at: "2026-01-01T10:01:00.000Z",
            phases: [phase("spellcheck", "COMPLETED_SUCCESSFULLY", "2026-01-01T10:00:01.000Z", "2026-01-01T10:01:00.000Z")] }),
          run({ run_id: "r2", pipeline: "nlp", status: "IN_PROGRESS", requested_at: "2026-01-01T11:00:00.000Z",
            phases: [phase("spellcheck", "SKIPPED", null, null), phase("nlp", "IN_PROGRESS", "2026-01-01T11:00:01.000Z", null)] }),
        ],
      },
    });
    const seed = seedFromPipelineState(answer);
    expect(seed).toMatchObject({
      batchId: "b", userId: "u", status: "PROCESSING_PIPELINES", currentPipeline: "nlp", statusAt: "2026-01-01T11:00:01.000Z",
      lastPipeline: { pipeline: "spellcheck", finalStatus: "COMPLETED_SUCCESSFULLY", completedAt: "2026-01-01T10:01:00.000Z" },
    });
    expect(seed.phases.map((p) => [p.phase, p.pipeline, p.status, p.statusAt])).toEqual([
      ["spellcheck", "spellcheck", "COMPLETED_SUCCESSFULLY", "2026-01-01T10:01:00.000Z"],
      ["nlp", "nlp", "IN_PROGRESS", "2026-01-01T11:00:01.000Z"],
    ]);
  });

  test("a batch without runs seeds at the beginning of time so any event replaces its status", () => {
    const seed = seedFromPipelineState(v.parse(PipelineStateResponseSchema, {
      batch_id: "b", user_id: "u", pipeline_state: { batch_status: "READY_FOR_PIPELINE_EXECUTION", active_pipeline: null, current_phase: null, completed_phases: [], runs: [] },
    }));
    expect(seed).toMatchObject({ statusAt: BEGINNING_OF_TIME, phases: [], lastPipeline: null, currentPipeline: null });
  });

  test("an answer without an owner or with an unknown batch status is refused", () => {
    const state = { active_pipeline: null, current_phase: null, completed_phases: [], runs: [] };
    expect(v.safeParse(PipelineStateResponseSchema, { batch_id: "b", user_id: "u", pipeline_state: { ...state, batch_status: "AWAITING_CONTENT" } }).success).toBe(true);
    expect(v.safeParse(PipelineStateResponseSchema, { batch_id: "b", user_id: "", pipeline_state: { ...state, batch_status: "AWAITING_CONTENT" } }).success).toBe(false);
    expect(v.safeParse(PipelineStateResponseSchema, { batch_id: "b", user_id: "u", pipeline_state: { ...state, batch_status: "NOPE" } }).success).toBe(false);
  });
});

describe("event order", () => {
  test("a value is replaced by an event at least as recent, never an older one", () => {
    expect(supersedes("2026-01-01T10:00:01.000Z", "2026-01-01T10:00:00.000Z")).toBe(true);
    expect(supersedes("2026-01-01T10:00:00.000Z", "2026-01-01T10:00:00.000Z")).toBe(true);
    expect(supersedes("2026-01-01T09:59:59.999Z", "2026-01-01T10:00:00.000Z")).toBe(false);
    expect(supersedes("2026-01-01T09:00:00.000Z", null)).toBe(true);
  });

  test("latestOf, durations and phase outcome mapping", () => {
    expect(latestOf([null, "2026-01-01T10:00:00.000Z", undefined, "2026-01-01T09:00:00.000Z"])).toBe("2026-01-01T10:00:00.000Z");
    expect(latestOf([null, undefined])).toBeUndefined();
    expect(durationMs("2026-01-01T10:00:00.000Z", "2026-01-01T10:00:02.500Z")).toBe(2500);
    expect(durationMs("2026-01-01T10:00:02.000Z", "2026-01-01T10:00:00.000Z")).toBeNull();
    expect(durationMs(null, "2026-01-01T10:00:00.000Z")).toBeNull();
    expect(phaseStatusForOutcome("FAILED_CRITICALLY")).toBe("FAILED");
    expect(phaseStatusForOutcome("COMPLETED_WITH_FAILURES")).toBe("COMPLETED_WITH_FAILURES");
  });

  test("backoff doubles between attempts and is capped", () => {
    expect(backoffDelays(3, 500)).toEqual([500, 1000]);
    expect(backoffDelays(1, 500)).toEqual([]);
    expect(backoffDelays(5, 4000, 10_000)).toEqual([4000, 8000, 10_000, 10_000]);
  });
});
