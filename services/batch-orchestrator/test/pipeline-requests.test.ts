import { Database } from "bun:sqlite";
import { afterAll, beforeAll, describe, expect, test } from "bun:test";
import { BatchStatusChangedTopic, PipelineDeniedTopic } from "@shared/contracts/events/batch.ts";
import { BatchContentProvisioningCompletedTopic } from "@shared/contracts/events/els.ts";
import { eventually, headers, promptRef, startHarness, type Harness } from "./support/harness.ts";
import { awaitCommand, phaseCommands, readyBatch, requestPipeline, summaryOf, waitForStatus } from "./support/flows.ts";

let h: Harness;
beforeAll(async () => { h = await startHarness(); });
afterAll(async () => { await h.stop(); });

const deniedFor = async (batchId: string) => (await h.events<Record<string, unknown>>(PipelineDeniedTopic, batchId)).map((e) => e.data);

describe("readiness", () => {
  test("provisioning completed makes the batch ready, records essays and failures, once", async () => {
    const inbox = await h.listen("teacher-ready");
    const batch = await readyBatch(h, { userId: "teacher-ready", essays: 3, failures: 1 });
    const summary = await summaryOf(h, batch.batchId);
    expect(summary.counts).toEqual({ expected: 3, provisioned: 2, failed: 1 });

    const db = new Database(h.dbPath, { readonly: true });
    const essays = db.query("SELECT essay_id, text_storage_id, original_file_name, student_name, student_email FROM essays WHERE batch_id = ? ORDER BY position").all(batch.batchId);
    const failures = db.query("SELECT file_upload_id, original_file_name, error_code FROM provisioning_failures WHERE batch_id = ?").all(batch.batchId);
    db.close();
    expect(essays).toEqual([
      { essay_id: batch.essayIds[0], text_storage_id: "text-0", original_file_name: "essay-0.txt", student_name: "Student 0", student_email: "student0@school.example" },
      { essay_id: batch.essayIds[1], text_storage_id: "text-1", original_file_name: "essay-1.txt", student_name: "Student 1", student_email: "student1@school.example" },
      { essay_id: batch.essayIds[2], text_storage_id: null, original_file_name: null, student_name: null, student_email: null },
    ]);
    expect(failures).toEqual([{ file_upload_id: "bad-upload-0", original_file_name: "broken-0.docx", error_code: "CORRUPT_FILE" }]);

    // The same event redelivered, and a re-emission with a new event id: nothing changes.
    await h.publishAgain(BatchContentProvisioningCompletedTopic, batch.provisioning);
    await h.publish(BatchContentProvisioningCompletedTopic, batch.provisioning.data as never);
    await h.settled();
    const changes = (await h.events<Record<string, unknown>>(BatchStatusChangedTopic, batch.batchId)).map((e) => e.data);
    expect(changes).toEqual([{ batch_id: batch.batchId, user_id: "teacher-ready", status: "READY_FOR_PIPELINE_EXECUTION", previous_status: "AWAITING_CONTENT" }]);
    expect(inbox.received.map((n) => [n.type, n.batch_id, n.data.status])).toEqual([["batch_status_changed", batch.batchId, "READY_FOR_PIPELINE_EXECUTION"]]);
    expect(inbox.received[0]?.data.counts).toEqual({ expected: 3, provisioned: 2, failed: 1 });
  });

  test("a slot added to a ready batch and removed again: the batch awaits a hand-over, and takes the second one for the same essays", async () => {
    const batch = await readyBatch(h, { userId: "teacher-readd", essays: 2 });
    const body = (json: Record<string, unknown>) => ({ method: "POST", headers, body: JSON.stringify(json) });
    const added = await fetch(`${h.url}/internal/v1/batches/${batch.batchId}/essays`, body({ user_id: "teacher-readd", count: 1 }));
    expect(added.status).toBe(201);
    const slot = ((await added.json()) as { essay_ids: string[] }).essay_ids[0] as string;
    expect((await summaryOf(h, batch.batchId)).status).toBe("AWAITING_CONTENT");
    const removed = await fetch(`${h.url}/internal/v1/batches/${batch.batchId}/essays/${slot}/removal`, body({ user_id: "teacher-readd" }));
    expect(removed.status).toBe(200);
    // Removing the slot does not make the batch ready by itself: ELS hands it on again.
    await h.settled();
    expect((await summaryOf(h, batch.batchId)).status).toBe("AWAITING_CONTENT");
    // The first hand-over redelivered is not the second one.
    await h.publishAgain(BatchContentProvisioningCompletedTopic, batch.provisioning);
    await h.settled();
    expect((await summaryOf(h, batch.batchId)).status).toBe("AWAITING_CONTENT");
    const data = batch.provisioning.data as { failures: unknown[] };
    await h.publish(BatchContentProvisioningCompletedTopic, { ...data, failures: [{ file_upload_id: "empty-upload", original_file_name: "empty.txt", error_code: "EMPTY_CONTENT", message: "The file is empty." }] } as never);
    await waitForStatus(h, batch.batchId, "READY_FOR_PIPELINE_EXECUTION");
    expect((await summaryOf(h, batch.batchId)).counts).toEqual({ expected: 2, provisioned: 2, failed: 1 });
    await requestPipeline(h, batch, "spellcheck");
    await awaitCommand(h, "spellcheck", batch.batchId);
  });

  test("a batch whose every file failed cannot run a pipeline", async () => {
    const batch = await readyBatch(h, { userId: "teacher-allfail", essays: 2, failures: 2 });
    expect((await summaryOf(h, batch.batchId)).status).toBe("FAILED_CRITICALLY");
    await requestPipeline(h, batch, "spellcheck");
    const [denied] = await eventually(async () => { const d = await deniedFor(batch.batchId); return d.length > 0 && d; });
    expect(denied).toMatchObject({ error_code: "CONFLICT", compatibility_issue: "no_essays" });
  });
});

describe("pipeline requests and the prompt source", () => {
  test('stored prompt, no payload → "context"; logged before BCS; first phase command carries the whole context', async () => {
    const ref = promptRef();
    const batch = await readyBatch(h, { userId: "teacher-ctx", prompt: ref });
    const inbox = await h.listen("teacher-ctx");
    let loggedBeforeCall = false;
    h.bcs.onRequest = (req) => {
      if (req.batch_id === batch.batchId) {
        loggedBeforeCall = h.logger.lines.some((l) => l.msg === "pipeline request prompt resolved" && l.batch_id === batch.batchId);
      }
    };
    const request = await requestPipeline(h, batch, "nlp");
    const command = await awaitCommand(h, "spellcheck", batch.batchId);
    expect(loggedBeforeCall).toBe(true);
    const line = h.logger.lines.find((l) => l.msg === "pipeline request prompt resolved" && l.batch_id === batch.batchId);
    expect(line).toMatchObject({
      batch_id: batch.batchId, requested_pipeline: "nlp", correlation_id: request.correlation_id,
      prompt_attached: true, prompt_source: "context", assignment_id: null,
    });
    const bcsRequest = h.bcs.requests.find((r) => r.batch_id === batch.batchId);
    expect(bcsRequest?.batch_metadata).toEqual({ prompt_attached: true, prompt_source: "context", course_code: "ENG5" });
    expect(bcsRequest?.correlation_id).toBe(request.correlation_id);
    expect(command.correlation_id).toBe(request.correlation_id);
    expect(command.data).toEqual({
      batch_id: batch.batchId, phase: "spellcheck", pipeline: "nlp", user_id: "teacher-ctx", org_id: "org-1", language: "en",
      course_code: "ENG5", essay_instructions: "Write about your summer.", student_prompt_ref: ref, assignment_id: null,
      cj_settings: { total_budget: 40, seed: 7 },
      essays: batch.essayIds.map((essay_id, i) => ({ essay_id, text_storage_id: `text-${i}` })),
    });
    await h.settled();
    expect(inbox.received.map((n) => [n.type, n.data.status ?? n.data.phase])).toEqual([
      ["batch_status_changed", "PROCESSING_PIPELINES"], ["phase_started", "spellcheck"],
    ]);
    const summary = await summaryOf(h, batch.batchId);
    expect(summary).toMatchObject({ status: "PROCESSING_PIPELINES", current_pipeline: "nlp", current_phase: "spellcheck" });
  });

  test('cms_prompt_ref in the payload → "cms" and the stored prompt reference is replaced', async () => {
    const batch = await readyBatch(h, { userId: "teacher-cms" });
    const cms = promptRef("cms-prompt-1");
    await requestPipeline(h, batch, "cj_assessment", { cms_prompt_ref: cms });
    const command = await awaitCommand(h, "spellcheck", batch.batchId);
    expect(command.data.student_prompt_ref).toEqual(cms);
    expect(h.bcs.requests.find((r) => r.batch_id === batch.batchId)?.batch_metadata).toMatchObject({ prompt_attached: true, prompt_source: "cms" });
    expect((await summaryOf(h, batch.batchId)).student_prompt_ref).toEqual(cms);
    const line = h.logger.lines.find((l) => l.msg === "pipeline request prompt resolved" && l.batch_id === batch.batchId);
    expect(line).toMatchObject({ prompt_attached: true, prompt_source: "cms" });
  });

  test('assignment_id in the payload → "canonical" and the assignment travels in the command', async () => {
    const batch = await readyBatch(h, { userId: "teacher-canon" });
    await requestPipeline(h, batch, "cj_assessment", { assignment_id: "assignment-42" });
    const command = await awaitCommand(h, "spellcheck", batch.batchId);
    expect(command.data.assignment_id).toBe("assignment-42");
    expect(h.bcs.requests.find((r) => r.batch_id === batch.batchId)?.batch_metadata).toMatchObject({
      prompt_attached: true, prompt_source: "canonical", assignment_id: "assignment-42",
    });
    const line = h.logger.lines.find((l) => l.msg === "pipeline request prompt resolved" && l.batch_id === batch.batchId);
    expect(line).toMatchObject({ prompt_source: "canonical", assignment_id: "assignment-42" });
  });

  test("no prompt anywhere + cj_assessment → PipelineDenied (prompt_not_attached) and the teacher is told", async () => {
    const batch = await readyBatch(h, { userId: "teacher-denied" });
    const inbox = await h.listen("teacher-denied");
    await requestPipeline(h, batch, "cj_assessment");
    const [denied] = await eventually(async () => { const d = await deniedFor(batch.batchId); return d.length > 0 && d; });
    expect(denied).toMatchObject({
      batch_id: batch.batchId, requested_pipeline: "cj_assessment", user_id: "teacher-denied",
      error_code: "BCS_PIPELINE_COMPATIBILITY_FAILED", compatibility_issue: "prompt_not_attached",
    });
    expect(String(denied?.message)).toContain("prompt");
    const line = h.logger.lines.find((l) => l.msg === "pipeline request prompt resolved" && l.batch_id === batch.batchId);
    expect(line).toMatchObject({ prompt_attached: false, prompt_source: null });
    await h.settled();
    expect(inbox.received.map((n) => n.type)).toEqual(["pipeline_denied"]);
    expect(inbox.received[0]?.data).toMatchObject({ error_code: "BCS_PIPELINE_COMPATIBILITY_FAILED", compatibility_issue: "prompt_not_attached" });
    expect((await summaryOf(h, batch.batchId)).status).toBe("READY_FOR_PIPELINE_EXECUTION");
    expect(await phaseCommands(h, "spellcheck", batch.batchId)).toHaveLength(0);
  });

  test("a second request while a pipeline runs is denied with CONFLICT", async () => {
    const batch = await readyBatch(h, { userId: "teacher-busy" });
    await requestPipeline(h, batch, "spellcheck");
    await awaitCommand(h, "spellcheck", batch.batchId);
    const calls = h.bcs.requests.length;
    await requestPipeline(h, batch, "spellcheck");
    const [denied] = await eventually(async () => { const d = await deniedFor(batch.batchId); return d.length > 0 && d; });
    expect(denied).toMatchObject({ error_code: "CONFLICT", compatibility_issue: "pipeline_in_progress" });
    expect(h.bcs.requests.length).toBe(calls);
    const patch = await fetch(`${h.url}/internal/v1/batches/${batch.batchId}/prompt`, {
      method: "PATCH", headers: { "X-Internal-API-Key": "bos-test-key", "Content-Type": "application/json" },
      body: JSON.stringify({ user_id: batch.userId, student_prompt_ref: promptRef() }),
    });
    expect(patch.status).toBe(409);
  });

  test("a batch still awaiting content, an unknown batch and someone else's batch are denied", async () => {
    const res = await h.register({ expected_essay_count: 1, course_code: "ENG6", essay_instructions: "x", user_id: "teacher-early" });
    const { batch_id } = (await res.json()) as { batch_id: string };
    await requestPipeline(h, { batchId: batch_id, userId: "teacher-early" }, "spellcheck");
    const ready = await readyBatch(h, { userId: "teacher-owner" });
    await requestPipeline(h, { batchId: ready.batchId, userId: "intruder" }, "spellcheck");
    const ghost = crypto.randomUUID();
    await requestPipeline(h, { batchId: ghost, userId: "teacher-early" }, "spellcheck");
    await h.settled();
    expect(await deniedFor(batch_id)).toMatchObject([{ error_code: "CONFLICT", compatibility_issue: "batch_not_ready" }]);
    expect(await deniedFor(ready.batchId)).toMatchObject([{ error_code: "RESOURCE_NOT_FOUND", user_id: "intruder" }]);
    expect(await deniedFor(ghost)).toMatchObject([{ error_code: "RESOURCE_NOT_FOUND" }]);
    expect(h.bcs.requests.some((r) => [batch_id, ready.batchId, ghost].includes(r.batch_id))).toBe(false);
  });

  test("BCS briefly unavailable: the request is retried and then accepted", async () => {
    const batch = await readyBatch(h, { userId: "teacher-retry" });
    h.bcs.failNext(1, 503);
    await requestPipeline(h, batch, "spellcheck");
    await awaitCommand(h, "spellcheck", batch.batchId);
    expect(h.bcs.requests.filter((r) => r.batch_id === batch.batchId)).toHaveLength(2);
    expect(await deniedFor(batch.batchId)).toHaveLength(0);
  });

  test("BCS down for every delivery: the last delivery denies instead of dropping the request", async () => {
    const batch = await readyBatch(h, { userId: "teacher-bcs-down" });
    h.bcs.failNext(100, 503);
    await requestPipeline(h, batch, "spellcheck");
    const [denied] = await eventually(async () => { const d = await deniedFor(batch.batchId); return d.length > 0 && d; }, 15_000);
    h.bcs.failNext(0, 503);
    expect(denied).toMatchObject({ error_code: "EXTERNAL_SERVICE_ERROR", compatibility_issue: null });
    expect(h.bcs.requests.filter((r) => r.batch_id === batch.batchId)).toHaveLength(5);
    expect((await summaryOf(h, batch.batchId)).status).toBe("READY_FOR_PIPELINE_EXECUTION");
  });
});
