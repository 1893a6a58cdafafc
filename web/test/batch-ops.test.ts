import { expect, test } from "bun:test";
import type { BatchStatusWithControl } from "../src/api/types.ts";
import { problemSentence } from "../src/components/problem-sentence.ts";
import { en } from "../src/i18n/en.ts";
import { translator } from "../src/i18n/i18n.ts";
import { sv } from "../src/i18n/sv.ts";
import { failedPhases, latestCancellation, shownPhases } from "../src/results/run-state.ts";

const t = translator("en");
const conflict = (reason: string) => ({ status: 409, error_code: "CONFLICT", message: "server words", details: { reason } });

test("problem sentence: the file error code first, then the 409 reason, then the error code; else the server's words", () => {
  const rejected = { status: 400, error_code: "VALIDATION_ERROR", message: "x", details: { reason: "file_rejected", file_error_code: "CONTENT_TOO_SHORT" } };
  expect(problemSentence(t, rejected)).toBe(en.file_error_CONTENT_TOO_SHORT);
  expect(problemSentence(translator("sv"), rejected)).toBe(sv.file_error_CONTENT_TOO_SHORT);
  expect(problemSentence(t, conflict("no_pipeline_running"))).toBe(en.problem_no_pipeline_running);
  expect(problemSentence(t, conflict("no_failed_essays"))).toBe(en.problem_no_failed_essays);
  expect(problemSentence(t, { status: 402, error_code: "INSUFFICIENT_CREDITS", message: "x" })).toBe(en.problem_INSUFFICIENT_CREDITS);
  expect(problemSentence(t, { status: 400, error_code: "VALIDATION_ERROR", message: "x" }, "problem_name_invalid")).toBe(en.problem_name_invalid);
  expect(problemSentence(t, conflict("something_new"))).toBe("Something went wrong: server words");
});

test("every run-control reason and file error code has a sentence in both languages", () => {
  const keys = Object.keys(en).filter((k) => k.startsWith("problem_") || k.startsWith("file_error_"));
  expect(keys.length).toBeGreaterThanOrEqual(25);
  for (const k of keys) expect(sv[k as keyof typeof sv]).not.toBe(en[k as keyof typeof en]);
});

const status = (over: Partial<BatchStatusWithControl>): BatchStatusWithControl => ({
  batch_id: "b", user_id: "u", org_id: null, status: "READY_FOR_PIPELINE_EXECUTION", results: { complete: true, pending_phases: [] }, status_updated_at: "t",
  course_code: "ENG5", language: "en", essay_instructions: "i", class_id: null, assignment_id: null, current_pipeline: null, last_pipeline: null, phases: [],
  counts: { expected_essays: 2, essays: 2, provisioned: 2, provisioning_failures: 0, essays_with_failures: 0 }, denial: null, provisioning_failures: [],
  registered_at: null, seeded_from_bos_at: null, created_at: "t", updated_at: "t", ...over,
} as BatchStatusWithControl);
const cancellation = { pipeline: "cj_assessment" as const, run_id: "r", cancelled_phases: ["cj_assessment"], cancelled_at: "2026-12-02T10:00:00.000Z" };

test("a cancellation counts until a run starts or a later run ends", () => {
  expect(latestCancellation(status({ cancellation }))).toEqual(cancellation);
  expect(latestCancellation(status({ cancellation, current_pipeline: "cj_assessment" }))).toBeNull();
  const ended = (at: string) => ({ pipeline: "cj_assessment", final_status: "COMPLETED_SUCCESSFULLY", completed_phases: [], failed_essay_ids: [], completed_at: at }) as never;
  expect(latestCancellation(status({ cancellation, last_pipeline: ended("2026-12-02T11:00:00.000Z") }))).toBeNull();
  expect(latestCancellation(status({ cancellation, last_pipeline: ended("2026-12-02T09:00:00.000Z") }))).toEqual(cancellation);
  expect(latestCancellation(status({}))).toBeNull();
});

test("retry is offered for the latest run's phases with failed essays, not for ranking, not while running", () => {
  const phase = (name: string, failed: number, pipeline = "comprehensive") => ({ phase: name, status: failed ? "COMPLETED_WITH_FAILURES" : "COMPLETED_SUCCESSFULLY", pipeline, failed_count: failed }) as never;
  const last = { pipeline: "comprehensive", final_status: "COMPLETED_WITH_FAILURES", completed_phases: [], failed_essay_ids: [], completed_at: "t" } as never;
  const done = status({ last_pipeline: last, phases: [phase("spellcheck", 2), phase("nlp", 0), phase("cj_assessment", 1), phase("ai_feedback", 1), phase("nlp", 3, "nlp")] });
  expect(failedPhases(done)).toEqual([{ phase: "spellcheck", failed: 2 }, { phase: "ai_feedback", failed: 1 }]);
  expect(failedPhases({ ...done, current_pipeline: "nlp" })).toEqual([]);
  expect(failedPhases(null)).toEqual([]);
});

test("shown phases: a phase the cancellation stopped reads CANCELLED; before the aggregator has the cancellation it still reads IN_PROGRESS (the page keeps looking)", () => {
  const cj = (state: string) => ({ phase: "cj_assessment", status: state, pipeline: "cj_assessment", essay_count: 4, processed_count: 1 }) as never;
  expect(shownPhases(status({ cancellation, phases: [cj("IN_PROGRESS")] })).map((p) => p.status)).toEqual(["CANCELLED"]);
  expect(shownPhases(status({ cancellation, phases: [cj("SKIPPED")] })).map((p) => p.status)).toEqual(["CANCELLED"]);
  expect(shownPhases(status({ phases: [cj("IN_PROGRESS")] })).some((p) => p.status === "IN_PROGRESS")).toBe(true);
  // A running pipeline's phases that have not started yet are shown as pending.
  expect(shownPhases(status({ current_pipeline: "comprehensive", phases: [] })).map((p) => `${p.phase}:${p.status}`))
    .toEqual(["spellcheck:PENDING", "nlp:PENDING", "cj_assessment:PENDING", "ai_feedback:PENDING"]);
});
