import { afterAll, beforeAll, expect, test } from "bun:test";
import { EssayAIFeedbackRequestedTopic } from "@shared/contracts/events/els.ts";
import { EssayAIFeedbackCompletedTopic } from "@shared/contracts/events/phase-results.ts";
import { ResourceConsumptionTopic } from "@shared/contracts/events/entitlements.ts";
import { LlmFeedbackCompletedTopic } from "@shared/contracts/events/llm.ts";
import { freePort } from "@shared/testing/ports.ts";
import { eventually, startFeedbackStack, type FeedbackStack } from "./support/feedback-stack.ts";

// ai-feedback points at a content service that is not there; everything else is real.
let s: FeedbackStack;
beforeAll(async () => {
  s = await startFeedbackStack({ contentServiceUrl: `http://127.0.0.1:${await freePort()}` });
});
afterAll(async () => { await s.stop(); });

test("content service down: the prompt fetch is retried and then skipped, the feedback store is retried and then fails the essay", async () => {
  const essayId = `essay-${crypto.randomUUID()}`;
  const batchId = `batch-${crypto.randomUUID()}`;
  await s.publish(EssayAIFeedbackRequestedTopic, {
    batch_id: batchId, essay_id: essayId, text_storage_id: crypto.randomUUID(), language: "sv", user_id: "teacher-2",
    student_prompt_ref: { references: { student_prompt_text: { storage_id: crypto.randomUUID() } } },
  });
  const [result] = await eventually(async () => {
    const r = await s.events<Record<string, unknown>>(EssayAIFeedbackCompletedTopic, essayId);
    return r.length > 0 && r;
  }, 30_000, "the failed essay result");
  expect(result?.data).toMatchObject({ status: "failed", error: { code: "EXTERNAL_SERVICE_ERROR" }, feedback_storage_id: null, provider: "standin" });
  expect(String((result?.data.error as { message: string }).message)).toContain("could not be stored");
  // One LPS request despite five deliveries of the request event; the prompt was given up on the last.
  expect(s.lps.requests.filter((r) => r.metadata.essay_id === essayId).map((r) => r.prompt_text)).toEqual([null]);
  const retries = (topic: string) => s.logger.lines.filter((l) => l.msg === "handler failed; entry stays pending for retry" && l.topic === topic).length;
  expect(retries(EssayAIFeedbackRequestedTopic.name)).toBe(4);
  expect(retries(LlmFeedbackCompletedTopic.name)).toBe(4);
  await s.settled();
  expect((await s.events(ResourceConsumptionTopic)).filter((e) => (e.data as { batch_id: string }).batch_id === batchId)).toHaveLength(0);
}, 40_000);
