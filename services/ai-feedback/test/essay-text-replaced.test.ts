import { afterAll, beforeAll, expect, test } from "bun:test";
import { EssayAIFeedbackRequestedTopic } from "@shared/contracts/events/els.ts";
import { EssaySlotContentReplacedTopic } from "@shared/contracts/events/lifecycle.ts";
import { EssayAIFeedbackCompletedTopic } from "@shared/contracts/events/phase-results.ts";
import { eventually, startFeedbackStack, type FeedbackStack } from "./support/feedback-stack.ts";
import { standInFeedback } from "./support/lps-standin.ts";

let s: FeedbackStack;
beforeAll(async () => { s = await startFeedbackStack(); });
afterAll(async () => { await s.stop(); });

test("a replaced essay text erases that essay's feedback state (the other essay untouched); the next request is served anew", async () => {
  const batchId = `batch-${crypto.randomUUID()}`;
  const [replaced, kept] = [`essay-${crypto.randomUUID()}`, `essay-${crypto.randomUUID()}`];
  const text = await s.store("My summer was grate. I went too the sea with my family.");
  s.lps.reply = (r) => [{ status: "success", feedback_text: standInFeedback(r) }];
  const request = (essayId: string) => ({ batch_id: batchId, essay_id: essayId, text_storage_id: text, language: "en" as const, essay_instructions: "Write.", user_id: "teacher-1" });
  for (const id of [replaced, kept]) await s.publish(EssayAIFeedbackRequestedTopic, request(id));
  const rows = (essayId: string) => s.sqlite.query("SELECT status FROM feedback_requests WHERE essay_id = ?").all(essayId);
  await eventually(() => rows(replaced).length === 1 && rows(kept).length === 1, 10_000, "both served");
  await s.settled();

  const event = {
    batch_id: batchId, user_id: "teacher-1", essay_id: replaced, file_upload_id: "f-1", replacement_id: "r-1",
    original_file_name: "new.txt", text_storage_id: await s.store("A wholly new text about lighthouses and the sea."),
  };
  await s.publish(EssaySlotContentReplacedTopic, event);
  await eventually(() => rows(replaced).length === 0, 10_000, "the replaced essay's state erased");
  expect(rows(kept)).toHaveLength(1);

  // Served again after the replacement: a second result for that essay.
  await s.publish(EssayAIFeedbackRequestedTopic, request(replaced));
  await eventually(async () => (await s.events(EssayAIFeedbackCompletedTopic)).filter((e) => (e.data as { essay_id: string }).essay_id === replaced).length === 2, 10_000, "the replaced essay's new feedback");
  expect(rows(replaced)).toHaveLength(1);
});
