import { afterAll, beforeAll, expect, test } from "bun:test";
import * as v from "valibot";
import { BatchEssaysRegisteredTopic, BatchStatusChangedTopic, CJAssessmentInitiateCommandTopic } from "@shared/contracts/events/batch.ts";
import { BatchRenamedTopic, PipelineCancelledTopic } from "@shared/contracts/events/pipeline-control.ts";
import { BatchStatusViewSchema } from "../src/http/schemas.ts";
import { registration } from "./support/events.ts";
import { startHarness, type Harness } from "./support/harness.ts";

let h: Harness;
beforeAll(async () => { h = await startHarness(); });
afterAll(async () => { await h.stop(); });

const base = Date.now() - 60_000;
const at = (i: number) => new Date(base + i * 1000).toISOString();

test("the status view shows the batch's name and its latest cancellation; the cancelled phase ends SKIPPED", async () => {
  const userId = `teacher-${crypto.randomUUID()}`;
  const batchId = crypto.randomUUID();
  const essayIds = [crypto.randomUUID(), crypto.randomUUID()];
  const reg = registration(batchId, userId, essayIds);
  await h.publish(reg.topic, reg.data as v.InferInput<typeof BatchEssaysRegisteredTopic.schema>, { at: at(0) });
  await h.settled();
  await h.publish(BatchStatusChangedTopic, { batch_id: batchId, user_id: userId, status: "PROCESSING_PIPELINES", previous_status: "READY_FOR_PIPELINE_EXECUTION" }, { at: at(1) });
  await h.publish(CJAssessmentInitiateCommandTopic, {
    batch_id: batchId, phase: "cj_assessment", pipeline: "cj_assessment", user_id: userId, language: "en", course_code: "ENG5", essay_instructions: "x",
    essays: essayIds.map((essay_id) => ({ essay_id, text_storage_id: `t-${essay_id}` })),
  }, { at: at(2) });
  await h.publish(BatchRenamedTopic, { batch_id: batchId, user_id: userId, name: "Newer name" }, { at: at(5) });
  await h.publish(BatchRenamedTopic, { batch_id: batchId, user_id: userId, name: "Older name" }, { at: at(3) }); // arrives late: loses
  await h.publish(PipelineCancelledTopic, {
    batch_id: batchId, user_id: userId, org_id: null, run_id: "run-1", pipeline: "cj_assessment",
    cancelled_phases: ["cj_assessment"], skipped_phases: [], completed_phases: [], cancelled_at: at(4),
  }, { at: at(4) });
  await h.publish(BatchStatusChangedTopic, { batch_id: batchId, user_id: userId, status: "READY_FOR_PIPELINE_EXECUTION", previous_status: "PROCESSING_PIPELINES" }, { at: at(4) });
  await h.settled();

  const raw = await h.json<Record<string, unknown>>(`/internal/v1/batches/${batchId}/status`);
  const view = v.parse(BatchStatusViewSchema, raw); // the shared contract still holds
  expect(view).toMatchObject({ status: "READY_FOR_PIPELINE_EXECUTION", current_pipeline: null });
  expect(view.phases.find((p) => p.phase === "cj_assessment")).toMatchObject({ status: "SKIPPED", completed_at: at(4) });
  expect(raw).toMatchObject({
    name: "Newer name",
    cancellation: { pipeline: "cj_assessment", run_id: "run-1", cancelled_phases: ["cj_assessment"], cancelled_at: at(4) },
  });
  const list = await h.json<{ batches: { batch_id: string; name: string | null }[] }>(`/internal/v1/users/${userId}/batches`);
  expect(list.batches.find((b) => b.batch_id === batchId)?.name).toBe("Newer name");
});
