import { afterAll, beforeAll, describe, expect, test } from "bun:test";
import type * as v from "valibot";
import { AssessmentResultPublishedTopic } from "@shared/contracts/events/cj-results.ts";
import { EssayAIFeedbackRequestedTopic } from "@shared/contracts/events/els.ts";
import { EssaySlotContentReplacedTopic } from "@shared/contracts/events/lifecycle.ts";
import { eventually, startFeedbackStack, type FeedbackStack } from "./support/feedback-stack.ts";
import { standInFeedback } from "./support/lps-standin.ts";

let s: FeedbackStack;
beforeAll(async () => {
  s = await startFeedbackStack();
  s.lps.reply = (r) => [{ status: "success", feedback_text: standInFeedback(r) }];
});
afterAll(async () => { await s.stop(); });

type CjResult = v.InferInput<(typeof AssessmentResultPublishedTopic)["schema"]>;
function cjResult(batchId: string, essays: ReadonlyArray<{ id: string; rank: number; score: number }>): CjResult {
  return {
    batch_id: batchId, user_id: "teacher-1", comparisons_made: 30, finish_reason: "budget_reached", anchors: [],
    essays: essays.map((e) => ({ essay_id: e.id, rank: e.rank, score: e.score, standard_error: 0.4, grade: null, grade_probabilities: {}, is_anchor: false as const })),
  };
}
const request = (batchId: string, essayId: string, text: string) =>
  ({ batch_id: batchId, essay_id: essayId, text_storage_id: text, language: "en" as const, essay_instructions: "Write.", user_id: "teacher-1" });
const sentFor = (essayId: string) => eventually(() => s.lps.requests.filter((r) => r.metadata.essay_id === essayId).at(-1), 10_000, `request for ${essayId}`);

describe("the CJ position reaches the feedback request", () => {
  test("an essay CJ ranked in its batch: its rank of N and score in SDs of the batch's travel as metrics", async () => {
    const batchId = `batch-${crypto.randomUUID()}`;
    const ids = [0, 1, 2].map(() => `essay-${crypto.randomUUID()}`);
    // Scores 1, 0, -1: mean 0, SD sqrt(2/3).
    await s.publish(AssessmentResultPublishedTopic, cjResult(batchId, ids.map((id, i) => ({ id, rank: i + 1, score: 1 - i }))));
    await s.settled();
    const text = await s.store("My summer was long. I went to the sea.");
    await s.publish(EssayAIFeedbackRequestedTopic, request(batchId, ids[0]!, text));
    const sent = await sentFor(ids[0]!);
    expect(sent.metrics.cj_rank).toBe(1);
    expect(sent.metrics.cj_ranked_essays).toBe(3);
    expect(sent.metrics.cj_score_z).toBeCloseTo(1 / Math.sqrt(2 / 3), 9);
  });

  test("no CJ run, another batch's ranking, or a replaced text: no position is sent", async () => {
    const text = await s.store("My summer was long. I went to the sea.");
    const unranked = `essay-${crypto.randomUUID()}`;
    await s.publish(EssayAIFeedbackRequestedTopic, request(`batch-${crypto.randomUUID()}`, unranked, text));
    expect((await sentFor(unranked)).metrics.cj_rank).toBeUndefined();

    const moved = `essay-${crypto.randomUUID()}`;
    const other = `essay-${crypto.randomUUID()}`;
    await s.publish(AssessmentResultPublishedTopic, cjResult(`batch-${crypto.randomUUID()}`, [{ id: moved, rank: 1, score: 1 }, { id: other, rank: 2, score: -1 }]));
    await s.settled();
    await s.publish(EssayAIFeedbackRequestedTopic, request(`batch-${crypto.randomUUID()}`, moved, text));
    expect((await sentFor(moved)).metrics.cj_rank).toBeUndefined();

    const batchId = `batch-${crypto.randomUUID()}`;
    const replaced = `essay-${crypto.randomUUID()}`;
    await s.publish(AssessmentResultPublishedTopic, cjResult(batchId, [{ id: replaced, rank: 2, score: -1 }, { id: other, rank: 1, score: 1 }]));
    await s.settled();
    const rows = () => s.sqlite.query("SELECT rank FROM essay_cj_positions WHERE essay_id = ?").all(replaced);
    expect(rows()).toHaveLength(1);
    await s.publish(EssaySlotContentReplacedTopic, {
      batch_id: batchId, user_id: "teacher-1", essay_id: replaced, file_upload_id: "f-1", replacement_id: "r-1",
      original_file_name: "new.txt", text_storage_id: text,
    });
    await eventually(() => rows().length === 0, 10_000, "the replaced essay's CJ position erased");
    await s.publish(EssayAIFeedbackRequestedTopic, request(batchId, replaced, text));
    expect((await sentFor(replaced)).metrics.cj_rank).toBeUndefined();
  });
});
