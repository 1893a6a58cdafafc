import { afterAll, beforeAll, describe, expect, test } from "bun:test";
import { BatchPipelineCompletedTopic, BatchStatusChangedTopic, ClientBatchPipelineRequestTopic } from "@shared/contracts/events/batch.ts";
import { ELSBatchPhaseOutcomeTopic } from "@shared/contracts/events/els.ts";
import { headers, promptRef, startHarness, type Harness } from "./support/harness.ts";
import { awaitCommand, phaseCommands, phaseOutcome, readyBatch, requestPipeline, summaryOf, waitForStatus } from "./support/flows.ts";

let h: Harness;
beforeAll(async () => { h = await startHarness(); });
afterAll(async () => { await h.stop(); });

const completions = async (batchId: string) => (await h.events<Record<string, unknown>>(BatchPipelineCompletedTopic, batchId)).map((e) => e.data);
const pipelineState = async (batchId: string) =>
  ((await (await fetch(`${h.url}/internal/v1/batches/${batchId}/pipeline-state`, { headers })).json()) as { pipeline_state: Record<string, unknown> & { runs: Record<string, unknown>[] } }).pipeline_state;

describe("phase progression", () => {
  test("spellcheck then nlp: corrected text ids flow into the next phase; the batch completes once", async () => {
    const batch = await readyBatch(h, { userId: "teacher-run", prompt: promptRef() });
    const inbox = await h.listen("teacher-run");
    await requestPipeline(h, batch, "nlp");
    const spell = await awaitCommand(h, "spellcheck", batch.batchId);
    expect(spell.data.essays.map((e) => e.text_storage_id)).toEqual(["text-0", "text-1", "text-2"]);

    const corrected = batch.essayIds.map((essay_id, i) => ({ essay_id, text_storage_id: `corrected-${i}` }));
    await phaseOutcome(h, batch.batchId, "spellcheck", "COMPLETED_SUCCESSFULLY", corrected);
    const nlp = await awaitCommand(h, "nlp", batch.batchId);
    expect(nlp.data.essays).toEqual(corrected);
    expect(nlp.data).toMatchObject({ phase: "nlp", pipeline: "nlp", language: "en", course_code: "ENG5" });
    expect((await summaryOf(h, batch.batchId)).current_phase).toBe("nlp");

    await phaseOutcome(h, batch.batchId, "nlp", "COMPLETED_SUCCESSFULLY", corrected);
    await waitForStatus(h, batch.batchId, "COMPLETED_SUCCESSFULLY");
    await h.settled();
    expect(await completions(batch.batchId)).toEqual([{
      batch_id: batch.batchId, user_id: "teacher-run", pipeline: "nlp", final_status: "COMPLETED_SUCCESSFULLY",
      completed_phases: ["spellcheck", "nlp"], failed_essay_ids: [],
      course_code: "ENG5", essay_instructions: "Write about your summer.", essay_count: 3,
    }]);
    const statuses = (await h.events<{ status: string }>(BatchStatusChangedTopic, batch.batchId)).map((e) => e.data.status);
    expect(statuses).toEqual(["READY_FOR_PIPELINE_EXECUTION", "PROCESSING_PIPELINES", "COMPLETED_SUCCESSFULLY"]);
    expect(inbox.received.map((n) => `${n.type}:${String(n.data.phase ?? n.data.status ?? n.data.final_status)}`)).toEqual([
      "batch_status_changed:PROCESSING_PIPELINES", "phase_started:spellcheck",
      "phase_completed:spellcheck", "phase_started:nlp",
      "phase_completed:nlp", "batch_status_changed:COMPLETED_SUCCESSFULLY", "pipeline_completed:COMPLETED_SUCCESSFULLY",
    ]);
    expect(inbox.received.at(-1)?.data).toMatchObject({ final_status: "COMPLETED_SUCCESSFULLY", completed_phases: ["spellcheck", "nlp"] });

    const state = await pipelineState(batch.batchId);
    expect(state).toMatchObject({ batch_status: "COMPLETED_SUCCESSFULLY", active_pipeline: null, current_phase: null, completed_phases: ["spellcheck", "nlp"] });
    expect(state.runs).toHaveLength(1);
    expect(state.runs[0]).toMatchObject({
      pipeline: "nlp", status: "COMPLETED_SUCCESSFULLY", prompt_source: "context", failed_essay_ids: [],
      phases: [
        { phase: "spellcheck", status: "COMPLETED_SUCCESSFULLY", depends_on: [], processed_count: 3, failed_count: 0 },
        { phase: "nlp", status: "COMPLETED_SUCCESSFULLY", depends_on: ["spellcheck"], processed_count: 3, failed_count: 0 },
      ],
    });

    // A later pipeline on the completed batch: BCS prunes spellcheck, so only NLP runs, on the corrected texts.
    h.bcs.completed.set(batch.batchId, ["spellcheck", "nlp"]);
    await requestPipeline(h, batch, "ai_feedback");
    const feedback = await awaitCommand(h, "ai_feedback", batch.batchId);
    expect(feedback.data.essays).toEqual(corrected);
    expect(await phaseCommands(h, "spellcheck", batch.batchId)).toHaveLength(1);
    expect((await pipelineState(batch.batchId)).runs[1]).toMatchObject({ pipeline: "ai_feedback", pruned_phases: ["spellcheck", "nlp"], status: "IN_PROGRESS" });
  });

  test("an essay failing spellcheck is left out of nlp and named in COMPLETED_WITH_FAILURES", async () => {
    const batch = await readyBatch(h, { userId: "teacher-partial", prompt: promptRef() });
    const [e0, e1, e2] = batch.essayIds as [string, string, string];
    await requestPipeline(h, batch, "nlp");
    await awaitCommand(h, "spellcheck", batch.batchId);
    await phaseOutcome(h, batch.batchId, "spellcheck", "COMPLETED_WITH_FAILURES",
      [{ essay_id: e0, text_storage_id: "c-0" }, { essay_id: e2, text_storage_id: "c-2" }], [e1]);
    const nlp = await awaitCommand(h, "nlp", batch.batchId);
    expect(nlp.data.essays).toEqual([{ essay_id: e0, text_storage_id: "c-0" }, { essay_id: e2, text_storage_id: "c-2" }]);
    await phaseOutcome(h, batch.batchId, "nlp", "COMPLETED_SUCCESSFULLY", nlp.data.essays);
    await waitForStatus(h, batch.batchId, "COMPLETED_WITH_FAILURES");
    await h.settled();
    expect(await completions(batch.batchId)).toMatchObject([{ final_status: "COMPLETED_WITH_FAILURES", failed_essay_ids: [e1], completed_phases: ["spellcheck", "nlp"] }]);
    expect((await pipelineState(batch.batchId)).runs[0]).toMatchObject({
      status: "COMPLETED_WITH_FAILURES", failed_essay_ids: [e1],
      phases: [{ phase: "spellcheck", status: "COMPLETED_WITH_FAILURES", failed_count: 1 }, { phase: "nlp", status: "COMPLETED_SUCCESSFULLY" }],
    });
  });

  test("a phase failing critically ends the pipeline: later phases skipped, batch FAILED_CRITICALLY", async () => {
    const batch = await readyBatch(h, { userId: "teacher-crit", prompt: promptRef() });
    await requestPipeline(h, batch, "nlp");
    await awaitCommand(h, "spellcheck", batch.batchId);
    await phaseOutcome(h, batch.batchId, "spellcheck", "FAILED_CRITICALLY", [], batch.essayIds);
    await waitForStatus(h, batch.batchId, "FAILED_CRITICALLY");
    await h.settled();
    expect(await completions(batch.batchId)).toMatchObject([{ final_status: "FAILED_CRITICALLY", completed_phases: [], failed_essay_ids: batch.essayIds }]);
    expect(await phaseCommands(h, "nlp", batch.batchId)).toHaveLength(0);
    expect((await pipelineState(batch.batchId)).runs[0]).toMatchObject({
      status: "FAILED", phases: [{ phase: "spellcheck", status: "FAILED" }, { phase: "nlp", status: "SKIPPED" }],
    });
  });
});

test("BCS prunes every phase: the pipeline completes at once without sending a command", async () => {
  const batch = await readyBatch(h, { userId: "teacher-pruned" });
  h.bcs.completed.set(batch.batchId, ["spellcheck"]);
  await requestPipeline(h, batch, "spellcheck");
  await waitForStatus(h, batch.batchId, "COMPLETED_SUCCESSFULLY");
  await h.settled();
  expect(await phaseCommands(h, "spellcheck", batch.batchId)).toHaveLength(0);
  expect(await completions(batch.batchId)).toMatchObject([{ pipeline: "spellcheck", final_status: "COMPLETED_SUCCESSFULLY", completed_phases: [] }]);
  expect((await pipelineState(batch.batchId)).runs[0]).toMatchObject({ pruned_phases: ["spellcheck"], phases: [], status: "COMPLETED_SUCCESSFULLY" });
});

describe("duplicate delivery", () => {
  test("every event delivered twice (and outcomes re-emitted) → same final state, one completion, no extra notifications", async () => {
    const batch = await readyBatch(h, { userId: "teacher-dup", prompt: promptRef() });
    const inbox = await h.listen("teacher-dup");
    const request = await requestPipeline(h, batch, "nlp");
    await h.publishAgain(ClientBatchPipelineRequestTopic, request);
    await awaitCommand(h, "spellcheck", batch.batchId);

    const corrected = batch.essayIds.map((essay_id, i) => ({ essay_id, text_storage_id: `fixed-${i}` }));
    const spellDone = await phaseOutcome(h, batch.batchId, "spellcheck", "COMPLETED_SUCCESSFULLY", corrected);
    await h.publishAgain(ELSBatchPhaseOutcomeTopic, spellDone);
    await phaseOutcome(h, batch.batchId, "spellcheck", "COMPLETED_SUCCESSFULLY", corrected); // re-emitted with a new event id
    await awaitCommand(h, "nlp", batch.batchId);
    const nlpDone = await phaseOutcome(h, batch.batchId, "nlp", "COMPLETED_SUCCESSFULLY", corrected);
    await h.publishAgain(ELSBatchPhaseOutcomeTopic, nlpDone);
    await phaseOutcome(h, batch.batchId, "nlp", "COMPLETED_SUCCESSFULLY", corrected);
    await h.publishAgain(ClientBatchPipelineRequestTopic, request); // a very late redelivery of the request
    await h.publishAgain(ELSBatchPhaseOutcomeTopic, spellDone);
    await waitForStatus(h, batch.batchId, "COMPLETED_SUCCESSFULLY");
    await h.settled();

    expect(h.bcs.requests.filter((r) => r.batch_id === batch.batchId)).toHaveLength(1);
    expect(await phaseCommands(h, "spellcheck", batch.batchId)).toHaveLength(1);
    expect(await phaseCommands(h, "nlp", batch.batchId)).toHaveLength(1);
    expect(await completions(batch.batchId)).toHaveLength(1);
    expect((await h.events(BatchStatusChangedTopic, batch.batchId)).length).toBe(3);
    expect(inbox.received.map((n) => n.type)).toEqual([
      "batch_status_changed", "phase_started", "phase_completed", "phase_started", "phase_completed", "batch_status_changed", "pipeline_completed",
    ]);
    const state = await pipelineState(batch.batchId);
    expect(state.runs).toHaveLength(1);
    expect(state.runs[0]).toMatchObject({ status: "COMPLETED_SUCCESSFULLY", phases: [{ status: "COMPLETED_SUCCESSFULLY" }, { status: "COMPLETED_SUCCESSFULLY" }] });
    expect(h.logger.lines.some((l) => l.msg === "stale or duplicate phase outcome; ignored" && l.batch_id === batch.batchId)).toBe(true);
  });
});
