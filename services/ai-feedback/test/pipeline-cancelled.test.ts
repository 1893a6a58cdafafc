import { afterAll, beforeAll, expect, test } from "bun:test";
import { ResourceConsumptionTopic } from "@shared/contracts/events/entitlements.ts";
import { EssayAIFeedbackRequestedTopic } from "@shared/contracts/events/els.ts";
import { LlmFeedbackCompletedTopic, type LlmFeedbackRequest } from "@shared/contracts/events/llm.ts";
import { EssayAIFeedbackCompletedTopic } from "@shared/contracts/events/phase-results.ts";
import { PipelineCancelledTopic } from "@shared/contracts/events/pipeline-control.ts";
import { makeEnvelope } from "@shared/contracts/topics.ts";
import { eventually, startFeedbackStack, type FeedbackStack } from "./support/feedback-stack.ts";
import { standInFeedback } from "./support/lps-standin.ts";

let s: FeedbackStack;
beforeAll(async () => { s = await startFeedbackStack(); });
afterAll(async () => { await s.stop(); });

const request = (batchId: string, essayId: string, textStorageId: string) => ({
  batch_id: batchId, essay_id: essayId, text_storage_id: textStorageId, language: "en" as const, essay_instructions: "Write.", user_id: "teacher-1",
});

test("a cancellation abandons the batch's open requests: LPS's late answers emit nothing and charge nothing; stale requests are dropped", async () => {
  const batchId = `batch-${crypto.randomUUID()}`;
  const text = await s.store("My summer was grate. I went too the sea.");
  const held: LlmFeedbackRequest[] = [];
  s.lps.reply = (r) => { if (r.metadata.batch_id === batchId) { held.push(r); return []; } return [{ status: "success", feedback_text: standInFeedback(r) }]; };
  const essays = [`essay-${crypto.randomUUID()}`, `essay-${crypto.randomUUID()}`];
  for (const id of essays) await s.publish(EssayAIFeedbackRequestedTopic, request(batchId, id, text));
  await eventually(() => held.length === 2, 10_000, "both requests at LPS");

  const cancelledAt = new Date().toISOString();
  await s.publish(PipelineCancelledTopic, {
    batch_id: batchId, user_id: "teacher-1", org_id: null, run_id: crypto.randomUUID(), pipeline: "ai_feedback",
    cancelled_phases: ["ai_feedback"], skipped_phases: [], completed_phases: ["spellcheck", "nlp"], cancelled_at: cancelledAt,
  });
  await s.settled();
  // LPS answers after all: both results are duplicates of settled requests.
  for (const r of held) {
    await s.publish(LlmFeedbackCompletedTopic, {
      request_id: r.request_id, provider: "standin", model: "standin-1", usage: { input_tokens: 1, output_tokens: 1 }, cost_usd: 0, latency_ms: 1,
      metadata: r.metadata, status: "success", feedback_text: standInFeedback(r),
    });
  }
  // A request ELS sent before the cancellation, delivered after it.
  const stale = makeEnvelope(EssayAIFeedbackRequestedTopic, { data: request(batchId, `essay-${crypto.randomUUID()}`, text), source: "essay-lifecycle", correlationId: "c" });
  stale.event_timestamp = new Date(Date.parse(cancelledAt) - 10).toISOString();
  await s.republish(EssayAIFeedbackRequestedTopic, stale);
  await s.settled();

  const results = (await s.events(EssayAIFeedbackCompletedTopic)).filter((e) => (e.data as { batch_id: string }).batch_id === batchId);
  const charges = (await s.events(ResourceConsumptionTopic)).filter((e) => (e.data as { batch_id: string }).batch_id === batchId);
  expect([results.length, charges.length]).toEqual([0, 0]);
  expect(held).toHaveLength(2); // the stale request never reached LPS
  expect(s.sqlite.query("SELECT status, error_code FROM feedback_requests WHERE batch_id = ?").all(batchId))
    .toEqual([{ status: "failed", error_code: "PIPELINE_CANCELLED" }, { status: "failed", error_code: "PIPELINE_CANCELLED" }]);

  // A new request after the cancellation (the pipeline requested again) is served and charged.
  s.lps.reply = (r) => [{ status: "success", feedback_text: standInFeedback(r) }];
  await s.publish(EssayAIFeedbackRequestedTopic, request(batchId, essays[0]!, text));
  await eventually(async () => (await s.events(ResourceConsumptionTopic)).some((e) => (e.data as { batch_id: string }).batch_id === batchId), 10_000, "charge for the rerun");
});
