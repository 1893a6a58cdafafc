import { afterAll, beforeAll, describe, expect, test } from "bun:test";
import { PhaseName } from "@shared/contracts/enums.ts";
import { CJAssessmentCompletedTopic } from "@shared/contracts/events/cj.ts";
import {
  CJAssessmentRequestedTopic, ELSBatchPhaseOutcomeTopic, EssayAIFeedbackRequestedTopic, EssayNlpRequestedTopic, EssaySpellcheckRequestedTopic,
} from "@shared/contracts/events/els.ts";
import type { EssayTextRef } from "@shared/contracts/events/essay-ref.ts";
import { EssayAIFeedbackCompletedTopic, EssayNlpCompletedTopic, EssaySpellcheckCompletedTopic } from "@shared/contracts/events/phase-results.ts";
import { settle, startHarness, waitFor, type ElsHarness } from "./support/els-harness.ts";
import { PROMPT_REF, commandTopic, nlpResult, phaseCommand, provisionedBatch, spellcheckResult } from "./support/fixtures.ts";

let h: ElsHarness;
beforeAll(async () => {
  h = await startHarness();
  await h.startWorker();
});
afterAll(async () => {
  await h.stop();
});

const outcomes = (batchId: string) => h.events(ELSBatchPhaseOutcomeTopic, batchId);
async function waitOutcome(batchId: string, phase: PhaseName) {
  return waitFor(`${phase} outcome`, async () => (await outcomes(batchId)).find((o) => o.phase === phase));
}
const statuses = (batchId: string) =>
  Object.fromEntries(h.query<{ essay_id: string; status: string }>("SELECT essay_id, status FROM essays WHERE batch_id = ?", batchId).map((r) => [r.essay_id, r.status]));
const currentText = (essayId: string) => h.query<{ text_storage_id: string }>("SELECT text_storage_id FROM essays WHERE essay_id = ?", essayId)[0]?.text_storage_id;

describe("phase fan-out and outcomes", () => {
  test("spellcheck: one request per essay with its context; all succeed → COMPLETED_SUCCESSFULLY with corrected texts", async () => {
    const { batchId, essays } = await provisionedBatch(h, 3);
    await h.publish(commandTopic(PhaseName.SPELLCHECK), phaseCommand(batchId, PhaseName.SPELLCHECK, essays), { correlationId: "corr-spell" });
    const requests = await waitFor("3 spellcheck requests", async () => {
      const r = await h.envelopes(EssaySpellcheckRequestedTopic, batchId);
      return r.length === 3 ? r : undefined;
    });
    expect(requests.every((r) => r.correlation_id === "corr-spell")).toBe(true);
    const first = requests.map((r) => r.data).find((d) => (d as { essay_id: string }).essay_id === essays[0]?.essay_id);
    expect(first).toEqual({
      batch_id: batchId, essay_id: essays[0]?.essay_id, text_storage_id: essays[0]?.text_storage_id, language: "en",
      essay_instructions: "Write about a journey.", student_prompt_ref: PROMPT_REF, user_id: "teacher-1",
    });
    expect(Object.values(statuses(batchId))).toEqual(["SPELLCHECK_IN_PROGRESS", "SPELLCHECK_IN_PROGRESS", "SPELLCHECK_IN_PROGRESS"]);

    for (const essay of essays) await h.publish(EssaySpellcheckCompletedTopic, spellcheckResult(batchId, essay, true));
    const outcome = await waitOutcome(batchId, PhaseName.SPELLCHECK);
    expect(outcome.status).toBe("COMPLETED_SUCCESSFULLY");
    expect(outcome.failed_essay_ids).toEqual([]);
    expect(outcome.processed_essays).toEqual(essays.map((e) => ({ essay_id: e.essay_id, text_storage_id: `corrected-${e.essay_id}` })));
    expect(Object.values(statuses(batchId))).toEqual(["SPELLCHECK_SUCCESS", "SPELLCHECK_SUCCESS", "SPELLCHECK_SUCCESS"]);
    expect(currentText(essays[1]?.essay_id ?? "")).toBe(`corrected-${essays[1]?.essay_id}`);

    // The next phase starts from spellcheck's success, on the corrected text; one essay fails.
    const corrected = outcome.processed_essays;
    await h.publish(commandTopic(PhaseName.NLP), phaseCommand(batchId, PhaseName.NLP, corrected));
    const nlpRequests = await waitFor("3 nlp requests", async () => {
      const r = await h.events(EssayNlpRequestedTopic, batchId);
      return r.length === 3 ? r : undefined;
    });
    expect(nlpRequests.map((r) => r.text_storage_id).sort()).toEqual(corrected.map((e) => e.text_storage_id).sort());
    const [ok1, bad, ok2] = corrected as [EssayTextRef, EssayTextRef, EssayTextRef];
    await h.publish(EssayNlpCompletedTopic, nlpResult(batchId, ok1, true));
    await h.publish(EssayNlpCompletedTopic, nlpResult(batchId, bad, false));
    await h.publish(EssayNlpCompletedTopic, nlpResult(batchId, ok2, true));
    const nlp = await waitOutcome(batchId, PhaseName.NLP);
    expect(nlp.status).toBe("COMPLETED_WITH_FAILURES");
    expect(nlp.failed_essay_ids).toEqual([bad.essay_id]);
    expect(nlp.processed_essays.map((e) => e.essay_id)).toEqual([ok1.essay_id, ok2.essay_id]);
    expect(statuses(batchId)[bad.essay_id]).toBe("NLP_FAILED");
    expect(statuses(batchId)[ok1.essay_id]).toBe("NLP_SUCCESS");
    await settle();
    expect((await outcomes(batchId)).length).toBe(2);
  });

  test("ai feedback: every essay fails → FAILED_CRITICALLY", async () => {
    const { batchId, essays } = await provisionedBatch(h, 2);
    await h.publish(commandTopic(PhaseName.AI_FEEDBACK), phaseCommand(batchId, PhaseName.AI_FEEDBACK, essays));
    await waitFor("2 ai feedback requests", async () => (await h.events(EssayAIFeedbackRequestedTopic, batchId)).length === 2);
    for (const essay of essays) {
      await h.publish(EssayAIFeedbackCompletedTopic, {
        batch_id: batchId, essay_id: essay.essay_id, status: "failed", error: { code: "LLM_UNAVAILABLE", message: "provider down" },
        text_storage_id: essay.text_storage_id, feedback_storage_id: null, feedback_preview: null, provider: null,
      });
    }
    const outcome = await waitOutcome(batchId, PhaseName.AI_FEEDBACK);
    expect(outcome).toMatchObject({
      batch_id: batchId, phase: "ai_feedback", status: "FAILED_CRITICALLY", processed_essays: [], failed_essay_ids: essays.map((e) => e.essay_id),
      user_id: "teacher-1", essay_results: essays.map((e) => ({ essay_id: e.essay_id, status: "failed", failure_reason: "LLM_UNAVAILABLE", result_refs: {} })),
    });
    expect(Object.values(statuses(batchId))).toEqual(["AI_FEEDBACK_FAILED", "AI_FEEDBACK_FAILED"]);
  });

  test("cj: one batch request; the batch-level result decides each essay, an essay left out fails", async () => {
    const { batchId, essays } = await provisionedBatch(h, 3);
    await h.publish(commandTopic(PhaseName.CJ_ASSESSMENT), { ...phaseCommand(batchId, PhaseName.CJ_ASSESSMENT, essays), cj_settings: { seed: 7 } });
    const [request] = await waitFor("cj request", async () => {
      const r = await h.events(CJAssessmentRequestedTopic, batchId);
      return r.length > 0 ? r : undefined;
    });
    expect(request).toMatchObject({ batch_id: batchId, language: "en", course_code: "ENG5", user_id: "teacher-1", cj_settings: { seed: 7 }, student_prompt_ref: PROMPT_REF });
    expect(request?.essays).toEqual(essays);
    expect(Object.values(statuses(batchId))).toEqual(["CJ_ASSESSMENT_IN_PROGRESS", "CJ_ASSESSMENT_IN_PROGRESS", "CJ_ASSESSMENT_IN_PROGRESS"]);
    const [a, b, c] = essays as [EssayTextRef, EssayTextRef, EssayTextRef];
    await h.publish(CJAssessmentCompletedTopic, {
      batch_id: batchId, status: "success",
      essay_outcomes: [{ essay_id: a.essay_id, status: "success" }, { essay_id: b.essay_id, status: "failed" }],
      rankings: [{ essay_id: a.essay_id, rank: 1, score: 0.8, standard_error: 0.2, grade: "B" }],
    });
    const outcome = await waitOutcome(batchId, PhaseName.CJ_ASSESSMENT);
    expect(outcome.status).toBe("COMPLETED_WITH_FAILURES");
    expect(outcome.processed_essays).toEqual([a]);
    expect(outcome.failed_essay_ids.sort()).toEqual([b.essay_id, c.essay_id].sort());
    expect(statuses(batchId)).toEqual({ [a.essay_id]: "CJ_ASSESSMENT_SUCCESS", [b.essay_id]: "CJ_ASSESSMENT_FAILED", [c.essay_id]: "CJ_ASSESSMENT_FAILED" });
    expect((await h.events(CJAssessmentRequestedTopic, batchId)).length).toBe(1);
  });

  test("stale and invalid moves are logged and skipped, never applied", async () => {
    const { batchId, essays } = await provisionedBatch(h, 2);
    const [a, b] = essays as [EssayTextRef, EssayTextRef];
    await h.publish(commandTopic(PhaseName.NLP), phaseCommand(batchId, PhaseName.NLP, essays));
    await waitFor("nlp requests", async () => (await h.events(EssayNlpRequestedTopic, batchId)).length === 2);
    // A second command for the running phase starts nothing.
    await h.publish(commandTopic(PhaseName.NLP), phaseCommand(batchId, PhaseName.NLP, essays));
    await waitFor("second command ignored", () => h.logger.lines.some((l) => l.batch_id === batchId && l.msg === "phase already in progress for this batch; command ignored"));
    // A result for a phase that is not running (spellcheck never started) changes nothing.
    await h.publish(EssaySpellcheckCompletedTopic, spellcheckResult(batchId, a, true));
    await waitFor("late result ignored", () => h.logger.lines.some((l) => l.batch_id === batchId && String(l.msg).startsWith("result for a phase not running")));
    expect(currentText(a.essay_id)).toBe(a.text_storage_id);

    await h.publish(EssayNlpCompletedTopic, nlpResult(batchId, a, true));
    await h.publish(EssayNlpCompletedTopic, nlpResult(batchId, b, false));
    await waitOutcome(batchId, PhaseName.NLP);
    expect((await h.events(EssayNlpRequestedTopic, batchId)).length).toBe(2);
    // A late opposite result after the phase closed does not flip the essay.
    await h.publish(EssayNlpCompletedTopic, nlpResult(batchId, a, false));
    await settle(300);
    expect(statuses(batchId)[a.essay_id]).toBe("NLP_SUCCESS");

    // b failed NLP: starting CJ from NLP_FAILED is illegal → b is not sent and counts as failed; an unknown essay too.
    await h.publish(commandTopic(PhaseName.CJ_ASSESSMENT), phaseCommand(batchId, PhaseName.CJ_ASSESSMENT, [a, b, { essay_id: "ghost", text_storage_id: "t" }]));
    const [request] = await waitFor("cj request", async () => {
      const r = await h.events(CJAssessmentRequestedTopic, batchId);
      return r.length > 0 ? r : undefined;
    });
    expect(request?.essays).toEqual([a]);
    const skipped = h.logger.lines.find((l) => l.essay_id === b.essay_id && l.msg === "essay status transition skipped");
    expect(skipped).toMatchObject({ from: "NLP_FAILED", to: "CJ_ASSESSMENT_IN_PROGRESS", reason: "illegal" });
    expect(statuses(batchId)[b.essay_id]).toBe("NLP_FAILED");
    await h.publish(CJAssessmentCompletedTopic, { batch_id: batchId, status: "success", essay_outcomes: [{ essay_id: a.essay_id, status: "success" }] });
    const cj = await waitOutcome(batchId, PhaseName.CJ_ASSESSMENT);
    expect(cj.status).toBe("COMPLETED_WITH_FAILURES");
    expect(cj.failed_essay_ids).toEqual([b.essay_id, "ghost"]);
  });

  test("a command none of whose essays can start is decided at once (FAILED_CRITICALLY)", async () => {
    const { batchId } = await provisionedBatch(h, 1);
    await h.publish(commandTopic(PhaseName.SPELLCHECK), phaseCommand(batchId, PhaseName.SPELLCHECK, [{ essay_id: "nobody", text_storage_id: "t" }]));
    const outcome = await waitOutcome(batchId, PhaseName.SPELLCHECK);
    expect(outcome).toMatchObject({ status: "FAILED_CRITICALLY", processed_essays: [], failed_essay_ids: ["nobody"] });
    expect(await h.events(EssaySpellcheckRequestedTopic, batchId)).toEqual([]);
  });

  test("the worker logged no errors", () => {
    expect(h.logger.lines.filter((l) => l.level === "error")).toEqual([]);
  });
});
