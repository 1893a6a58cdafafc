import { afterAll, beforeAll, describe, expect, test } from "bun:test";
import { AssessmentResultPublishedTopic } from "@shared/contracts/events/cj-results.ts";
import type { TeacherNotification } from "@shared/contracts/notifications.ts";
import type { BatchResultsView } from "../src/http/schemas.ts";
import { outcome, phaseCommand, registration, spellcheckResult } from "./support/events.ts";
import { startHarness, type Harness } from "./support/harness.ts";

const userId = `teacher-${crypto.randomUUID()}`;
const otherUser = `teacher-${crypto.randomUUID()}`;
const base = Date.now() - 60_000;
const at = (i: number) => ({ at: new Date(base + i * 1000).toISOString() });
let h: Harness;
let mine: TeacherNotification[];
let theirs: TeacherNotification[];

beforeAll(async () => {
  h = await startHarness();
  mine = (await h.listen(userId)).received;
  theirs = (await h.listen(otherUser)).received;
});
afterAll(async () => {
  await h.stop();
});

describe("results_ready waits until a phase's results are stored", () => {
  test("outcome first: nothing until the last essay's result is in, then exactly one, on the owner's channel only", async () => {
    const batchId = crypto.randomUUID();
    const essays = [crypto.randomUUID(), crypto.randomUUID()];
    const [a, b] = essays as [string, string];
    for (const s of [registration(batchId, userId, essays), phaseCommand(batchId, userId, "spellcheck", essays.map((id) => ({ essay_id: id, text_storage_id: `orig-${id}` })))]) {
      await h.publish(s.topic, s.data as never, at(0));
    }
    await h.settled();
    const done = outcome(batchId, "spellcheck", "COMPLETED_SUCCESSFULLY", essays.map((id) => ({ essay_id: id, text_storage_id: `corr-${id}` })), []);
    await h.publish(done.topic, done.data as never, at(5));
    await h.settled();
    const first = spellcheckResult(batchId, a, true);
    await h.publish(first.topic, first.data as never, at(2));
    await h.settled();
    expect(mine.filter((n) => n.batch_id === batchId)).toHaveLength(0);

    const last = spellcheckResult(batchId, b, true);
    const envelope = await h.publish(last.topic, last.data as never, at(3));
    await h.settled();
    const ready = mine.filter((n) => n.batch_id === batchId);
    expect(ready).toHaveLength(1);
    expect(ready[0]).toMatchObject({ type: "results_ready", user_id: userId, correlation_id: envelope.correlation_id, data: { scope: "phase", phase: "spellcheck", processed_count: 2 } });
    const results = await h.json<BatchResultsView>(`/internal/v1/batches/${batchId}/results`);
    expect(results.essays.every((e) => e.spellcheck?.correction_count === 2)).toBe(true);
    expect(theirs).toHaveLength(0);
  });

  test("CJ: the phase's results_ready waits for the published ranking, whichever arrives last", async () => {
    const batchId = crypto.randomUUID();
    const essays = [crypto.randomUUID(), crypto.randomUUID()];
    const refs = essays.map((id) => ({ essay_id: id, text_storage_id: `corr-${id}` }));
    for (const s of [registration(batchId, userId, essays), phaseCommand(batchId, userId, "cj_assessment", refs), outcome(batchId, "cj_assessment", "COMPLETED_SUCCESSFULLY", refs, [])]) {
      await h.publish(s.topic, s.data as never, at(10));
    }
    await h.settled();
    expect(mine.filter((n) => n.batch_id === batchId)).toHaveLength(0);
    await h.publish(AssessmentResultPublishedTopic, {
      batch_id: batchId, user_id: userId, grade_scale: null, comparisons_made: 1, finish_reason: "pairs_exhausted", anchors: [],
      essays: essays.map((id, i) => ({ essay_id: id, rank: i + 1, score: 1 - 2 * i, standard_error: 1.2, grade: null, grade_probabilities: {}, is_anchor: false as const })),
    }, at(11));
    await h.settled();
    const ready = mine.filter((n) => n.batch_id === batchId);
    expect(ready.map((n) => n.data)).toEqual([expect.objectContaining({ scope: "phase", phase: "cj_assessment", comparisons_made: 1, grade_scale: null })]);
  });

  test("a phase that failed critically with nothing processed is ready at once", async () => {
    const batchId = crypto.randomUUID();
    const essays = [crypto.randomUUID()];
    for (const s of [registration(batchId, userId, essays), outcome(batchId, "nlp", "FAILED_CRITICALLY", [], essays)]) {
      await h.publish(s.topic, s.data as never, at(20));
    }
    await h.settled();
    const ready = mine.filter((n) => n.batch_id === batchId);
    expect(ready.map((n) => n.data)).toEqual([expect.objectContaining({ phase: "nlp", phase_status: "FAILED", failed_essay_ids: essays })]);
  });
});
