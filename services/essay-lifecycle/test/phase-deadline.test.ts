import { afterAll, beforeAll, describe, expect, test } from "bun:test";
import { PhaseName } from "@shared/contracts/enums.ts";
import { CJAssessmentRequestedTopic, ELSBatchPhaseOutcomeTopic, EssayNlpRequestedTopic } from "@shared/contracts/events/els.ts";
import type { EssayTextRef } from "@shared/contracts/events/essay-ref.ts";
import { EssayNlpCompletedTopic } from "@shared/contracts/events/phase-results.ts";
import { settle, startHarness, waitFor, type ElsHarness } from "./support/els-harness.ts";
import { commandTopic, nlpResult, phaseCommand, provisionedBatch } from "./support/fixtures.ts";

// Tiny deadlines: an essay phase waits 2 s, a CJ run 3 s; workers look every 0.1 s.
const ESSAY_TIMEOUT_MS = 2000;
const CJ_TIMEOUT_MS = 3000;

let h: ElsHarness;
beforeAll(async () => {
  h = await startHarness({ ELS_PHASE_TIMEOUT_SECONDS: "2", ELS_CJ_PHASE_TIMEOUT_SECONDS: "3", ELS_PHASE_SWEEP_SECONDS: "0.1" });
  await h.startWorker();
});
afterAll(async () => {
  await h.stop();
});

interface RunRow { run_id: string; status: string; started_at: string; deadline_at: string; completed_at: string | null }
interface RunEssayRow { essay_id: string; status: string; failure_reason: string | null }
const runOf = (batchId: string, phase: PhaseName) => h.query<RunRow>("SELECT * FROM phase_runs WHERE batch_id = ? AND phase = ?", batchId, phase)[0];
const runEssays = (runId: string) => h.query<RunEssayRow>("SELECT essay_id, status, failure_reason FROM phase_run_essays WHERE run_id = ? ORDER BY rowid", runId);
const statuses = (batchId: string) =>
  Object.fromEntries(h.query<{ essay_id: string; status: string }>("SELECT essay_id, status FROM essays WHERE batch_id = ?", batchId).map((r) => [r.essay_id, r.status]));
const outcomes = (batchId: string) => h.envelopes(ELSBatchPhaseOutcomeTopic, batchId);

/** An NLP run of 3 essays in which the last essay's result never comes; the others answer at once. */
async function nlpRunWithSilentEssay() {
  const { batchId, essays } = await provisionedBatch(h, 3);
  await h.publish(commandTopic(PhaseName.NLP), phaseCommand(batchId, PhaseName.NLP, essays), { correlationId: `corr-${batchId}` });
  await waitFor("3 nlp requests", async () => (await h.events(EssayNlpRequestedTopic, batchId)).length === 3);
  const [a, b, silent] = essays as [EssayTextRef, EssayTextRef, EssayTextRef];
  await h.publish(EssayNlpCompletedTopic, nlpResult(batchId, a, true));
  await h.publish(EssayNlpCompletedTopic, nlpResult(batchId, b, true));
  return { batchId, essays, answered: [a, b], silent };
}

describe("phase-run deadline", () => {
  test("an essay whose result never comes fails with TIMEOUT at the deadline → COMPLETED_WITH_FAILURES naming it, once", async () => {
    const { batchId, answered, silent } = await nlpRunWithSilentEssay();
    const run = runOf(batchId, PhaseName.NLP);
    if (!run) throw new Error("no run");
    expect(Date.parse(run.deadline_at) - Date.parse(run.started_at)).toBe(ESSAY_TIMEOUT_MS);
    await waitFor("two results counted", () => runEssays(run.run_id).filter((e) => e.status === "success").length === 2);
    // Before the deadline the run waits for the missing essay.
    expect(runOf(batchId, PhaseName.NLP)?.status).toBe("IN_PROGRESS");
    expect(await outcomes(batchId)).toEqual([]);

    const [outcome] = await waitFor("nlp outcome at the deadline", async () => {
      const found = await outcomes(batchId);
      return found.length > 0 ? found : undefined;
    });
    expect(Date.parse(outcome?.event_timestamp ?? "")).toBeGreaterThanOrEqual(Date.parse(run.deadline_at));
    expect(outcome?.correlation_id).toBe(`corr-${batchId}`);
    expect(outcome?.data).toMatchObject({
      batch_id: batchId, phase: "nlp", status: "COMPLETED_WITH_FAILURES", processed_essays: answered, failed_essay_ids: [silent.essay_id], user_id: "teacher-1",
      essay_results: [{ status: "success" }, { status: "success" }, { essay_id: silent.essay_id, status: "failed", failure_reason: "TIMEOUT", result_refs: {} }],
    });
    expect(runEssays(run.run_id)).toEqual([
      { essay_id: answered[0]?.essay_id ?? "", status: "success", failure_reason: null },
      { essay_id: answered[1]?.essay_id ?? "", status: "success", failure_reason: null },
      { essay_id: silent.essay_id, status: "failed", failure_reason: "TIMEOUT" },
    ]);
    expect(statuses(batchId)[silent.essay_id]).toBe("NLP_FAILED");
    const closed = runOf(batchId, PhaseName.NLP);
    expect(closed?.status).toBe("COMPLETED_WITH_FAILURES");
    expect((closed?.completed_at ?? "") >= run.deadline_at).toBe(true);
    await settle();
    expect((await outcomes(batchId)).length).toBe(1);
    expect(h.logger.lines.filter((l) => l.batch_id === batchId && String(l.msg).startsWith("phase run passed its deadline")).length).toBe(1);
  }, 20_000);

  test("a result arriving after the deadline closed the run changes nothing", async () => {
    const { batchId, silent } = await nlpRunWithSilentEssay();
    await waitFor("nlp outcome at the deadline", async () => (await outcomes(batchId)).length > 0);
    const run = runOf(batchId, PhaseName.NLP);
    const before = { run, essays: runEssays(run?.run_id ?? ""), statuses: statuses(batchId) };

    await h.publish(EssayNlpCompletedTopic, nlpResult(batchId, silent, true));
    await waitFor("late result ignored", () =>
      h.logger.lines.some((l) => l.batch_id === batchId && l.essay_id === silent.essay_id && String(l.msg).startsWith("result for a phase not running")));
    await settle(300);
    expect({ run: runOf(batchId, PhaseName.NLP), essays: runEssays(run?.run_id ?? ""), statuses: statuses(batchId) }).toEqual(before);
    expect(statuses(batchId)[silent.essay_id]).toBe("NLP_FAILED");
    expect((await outcomes(batchId)).map((o) => o.data)).toMatchObject([{ status: "COMPLETED_WITH_FAILURES", failed_essay_ids: [silent.essay_id] }]);
  }, 20_000);

  test("a run that finished in time is left alone when its deadline passes", async () => {
    const { batchId, essays } = await provisionedBatch(h, 2);
    await h.publish(commandTopic(PhaseName.NLP), phaseCommand(batchId, PhaseName.NLP, essays));
    await waitFor("2 nlp requests", async () => (await h.events(EssayNlpRequestedTopic, batchId)).length === 2);
    for (const essay of essays) await h.publish(EssayNlpCompletedTopic, nlpResult(batchId, essay, true));
    await waitFor("nlp outcome", async () => (await outcomes(batchId)).length > 0);
    const run = runOf(batchId, PhaseName.NLP);
    await Bun.sleep(Math.max(0, Date.parse(run?.deadline_at ?? "") - Date.now()) + 500);
    expect((await h.events(ELSBatchPhaseOutcomeTopic, batchId)).map((o) => o.status)).toEqual(["COMPLETED_SUCCESSFULLY"]);
    expect(runEssays(run?.run_id ?? "").map((e) => e.status)).toEqual(["success", "success"]);
  }, 20_000);

  test("a CJ run nobody answers uses the CJ deadline and fails critically, every essay TIMEOUT", async () => {
    const { batchId, essays } = await provisionedBatch(h, 2);
    await h.publish(commandTopic(PhaseName.CJ_ASSESSMENT), phaseCommand(batchId, PhaseName.CJ_ASSESSMENT, essays));
    await waitFor("cj request", async () => (await h.events(CJAssessmentRequestedTopic, batchId)).length === 1);
    const run = runOf(batchId, PhaseName.CJ_ASSESSMENT);
    expect(Date.parse(run?.deadline_at ?? "") - Date.parse(run?.started_at ?? "")).toBe(CJ_TIMEOUT_MS);
    // Still waiting after the essay-phase timeout: CJ has its own.
    await Bun.sleep(ESSAY_TIMEOUT_MS + 300);
    expect(await outcomes(batchId)).toEqual([]);

    const [outcome] = await waitFor("cj outcome at the deadline", async () => {
      const found = await outcomes(batchId);
      return found.length > 0 ? found : undefined;
    });
    expect(outcome?.data).toMatchObject({
      batch_id: batchId, phase: "cj_assessment", status: "FAILED_CRITICALLY", processed_essays: [], failed_essay_ids: essays.map((e) => e.essay_id),
      essay_results: [{ failure_reason: "TIMEOUT" }, { failure_reason: "TIMEOUT" }],
    });
    expect(runEssays(run?.run_id ?? "").map((e) => e.failure_reason)).toEqual(["TIMEOUT", "TIMEOUT"]);
    expect(Object.values(statuses(batchId))).toEqual(["CJ_ASSESSMENT_FAILED", "CJ_ASSESSMENT_FAILED"]);
  }, 20_000);

  test("the worker logged no errors", () => {
    expect(h.logger.lines.filter((l) => l.level === "error")).toEqual([]);
  });
});
