import { afterAll, beforeAll, describe, expect, test } from "bun:test";
import * as v from "valibot";
import { BatchEssaysRegisteredTopic } from "@shared/contracts/events/batch.ts";
import type { EventEnvelope } from "@shared/contracts/envelope.ts";
import type { TeacherNotification } from "@shared/contracts/notifications.ts";
import type { Topic } from "@shared/contracts/topics.ts";
import { BatchResultsViewSchema, BatchStatusViewSchema, type BatchResultsView, type BatchStatusView } from "../src/http/schemas.ts";
import { CJ_GRADE_PROJECTION, comprehensiveRun, registration, STRUCTURED_FEEDBACK } from "./support/events.ts";
import { startHarness, type Harness } from "./support/harness.ts";

const userId = `teacher-${crypto.randomUUID()}`;
const batchId = crypto.randomUUID();
const essayIds: [string, string, string] = [crypto.randomUUID(), crypto.randomUUID(), crypto.randomUUID()];
const [e1, e2, e3] = essayIds;
const base = Date.now() - 120_000;
const at = (i: number) => new Date(base + i * 1000).toISOString();

let h: Harness;
let notifications: TeacherNotification[];
const delivered: { topic: Topic; envelope: EventEnvelope }[] = [];

beforeAll(async () => {
  h = await startHarness();
  notifications = (await h.listen(userId)).received;
  const reg = registration(batchId, userId, essayIds);
  const regEnvelope = await h.publish(reg.topic, reg.data as v.InferInput<typeof BatchEssaysRegisteredTopic.schema>, { at: at(0) });
  await h.publishAgain(reg.topic, regEnvelope);
  delivered.push({ topic: reg.topic, envelope: regEnvelope });
  await h.settled();
  // Everything else at once and each event twice: the streams are read independently, so the view
  // must come out right whatever order the consumer handles them in.
  for (const [i, s] of comprehensiveRun(batchId, userId, essayIds).entries()) {
    const envelope = await h.publish(s.topic, s.data as never, { at: at(i + 1) });
    await h.publishAgain(s.topic, envelope);
    delivered.push({ topic: s.topic, envelope });
  }
  await h.settled();
}, 30_000);
afterAll(async () => {
  await h.stop();
});

describe("a comprehensive run, every event delivered twice, builds the batch view", () => {
  test("status: batch status, owner, context, counts, last pipeline", async () => {
    const view = v.parse(BatchStatusViewSchema, await h.json(`/internal/v1/batches/${batchId}/status`));
    expect(view).toMatchObject({
      batch_id: batchId, user_id: userId, org_id: "org-1", status: "COMPLETED_WITH_FAILURES", course_code: "ENG5", language: "en",
      class_id: "9A", assignment_id: "assignment-1", current_pipeline: null, denial: null, registered_at: at(0), seeded_from_bos_at: null,
      counts: { expected_essays: 3, essays: 3, provisioned: 3, provisioning_failures: 1, essays_with_failures: 1 },
      last_pipeline: {
        pipeline: "comprehensive", final_status: "COMPLETED_WITH_FAILURES", failed_essay_ids: [e3],
        completed_phases: ["spellcheck", "nlp", "cj_assessment", "ai_feedback"],
      },
    });
    expect(view.provisioning_failures).toEqual([{ file_upload_id: "upload-x", original_file_name: "extra.pdf", error_code: "VALIDATION_ERROR", message: "empty document" }]);
  });

  test("status: every phase with its status, timing and counts, in pipeline order", async () => {
    const view = await h.json<BatchStatusView>(`/internal/v1/batches/${batchId}/status`);
    expect(view.phases.map((p) => [p.phase, p.status])).toEqual([
      ["spellcheck", "COMPLETED_WITH_FAILURES"], ["nlp", "COMPLETED_SUCCESSFULLY"], ["cj_assessment", "COMPLETED_SUCCESSFULLY"], ["ai_feedback", "COMPLETED_SUCCESSFULLY"],
    ]);
    const spellcheck = view.phases[0];
    // Steps: 1-3 slots, 4 provisioning, 5-6 status, 7 spellcheck command, 8-10 results, 11 outcome.
    expect(spellcheck).toEqual({
      phase: "spellcheck", status: "COMPLETED_WITH_FAILURES", pipeline: "comprehensive", started_at: at(7), completed_at: at(11),
      duration_ms: 4000, essay_count: 3, processed_count: 2, failed_count: 1, failed_essay_ids: [e3],
    });
    for (const p of view.phases.slice(1)) {
      expect(p).toMatchObject({ pipeline: "comprehensive", essay_count: 2, processed_count: 2, failed_count: 0, failed_essay_ids: [] });
      expect(p.duration_ms).toBeGreaterThan(0);
    }
  });

  test("results: per essay file, student, corrections, metrics, CJ, feedback and failures", async () => {
    const view = v.parse(BatchResultsViewSchema, await h.json(`/internal/v1/batches/${batchId}/results`)) as BatchResultsView;
    expect(view.user_id).toBe(userId);
    expect(view.essays.map((e) => [e.essay_id, e.file_name, e.student_name])).toEqual([
      [e1, "essay-1.txt", "Student 1"], [e2, "essay-2.txt", "Student 2"], [e3, "essay-3.txt", "Student 3"],
    ]);
    const [first, second, third] = view.essays;
    expect(first).toMatchObject({
      student_email: "s1@school.example", original_text_storage_id: `orig-${e1}`, current_text_storage_id: `corr-${e1}`,
      spellcheck: {
        status: "success", correction_count: 2, corrected_text_storage_id: `corr-${e1}`, word_count: 120,
        corrections: [{ offset: 4, original: "teh", replacement: "the" }, { offset: 30, original: "recieve", replacement: "receive" }],
      },
      nlp: { status: "success", metrics_storage_id: `metrics-${e1}`, metrics: { word_count: 120, flesch_reading_ease: 61.5, mtld: null, language: "en" } },
      cj_assessment: { rank: 2, score: -0.3, standard_error: 0.5, grade: "C", grade_probabilities: { B: 0.3, C: 0.5, D: 0.2 } },
      ai_feedback: { status: "success", feedback_storage_id: `feedback-${e1}`, feedback_preview: `Good structure in ${e1}.`, provider: "local", feedback: STRUCTURED_FEEDBACK },
      failures: [],
    });
    expect(second?.ai_feedback?.feedback).toBeNull(); // a producer that sends no structure
    expect(second?.cj_assessment).toMatchObject({ rank: 1, grade: "B", grade_uncertain: false });
    expect(first?.cj_assessment && "grade_uncertain" in first.cj_assessment).toBe(false); // older producer: the field stays absent
    expect(third).toMatchObject({
      current_text_storage_id: `orig-${e3}`, nlp: null, cj_assessment: null, ai_feedback: null,
      spellcheck: { status: "failed", correction_count: 0, corrections: [], corrected_text_storage_id: null },
      // The spellchecker's own reason survives the phase outcome's generic one.
      failures: [{ phase: "spellcheck", error_code: "PROCESSING_ERROR", message: "the text could not be decoded" }],
    });
    expect(view.cj_assessment).toMatchObject({
      grade_scale: "swedish_a_f", comparisons_made: 3, finish_reason: "pairs_exhausted", anchors: [{ anchor_id: "anchor-c", grade: "C", score: -0.5 }],
      grade_projection: CJ_GRADE_PROJECTION,
      statistics: {
        comparisons_made: 3, comparisons_per_essay: 2, soft_outcomes: 3, scale_separation_reliability: 0.41, split_half_reliability: null, expected_rank_agreement: 0.62,
      },
    });
  });

  test("results_ready once per phase (outcome and results stored) and per feedback, never twice for a duplicate", () => {
    expect(notifications.every((n) => n.type === "results_ready" && n.user_id === userId && n.batch_id === batchId)).toBe(true);
    const keys = notifications.map((n) => `${String(n.data.scope)}:${String(n.data.phase)}${n.data.essay_id ? `:${String(n.data.essay_id)}` : ""}`).sort();
    expect(keys).toEqual([
      `essay:ai_feedback:${e1}`, `essay:ai_feedback:${e2}`, "phase:ai_feedback", "phase:cj_assessment", "phase:nlp", "phase:spellcheck",
    ].sort());
    const phase = (name: string) => notifications.find((n) => n.data.scope === "phase" && n.data.phase === name)?.data;
    expect(phase("spellcheck")).toMatchObject({ phase_status: "COMPLETED_WITH_FAILURES", processed_count: 2, failed_count: 1, failed_essay_ids: [e3] });
    expect(phase("cj_assessment")).toMatchObject({ phase_status: "COMPLETED_SUCCESSFULLY", comparisons_made: 3, finish_reason: "pairs_exhausted", grade_scale: "swedish_a_f" });
  });

  test("redelivering every event again changes nothing and notifies nothing", async () => {
    const before = [await h.json(`/internal/v1/batches/${batchId}/status`), await h.json(`/internal/v1/batches/${batchId}/results`)];
    const count = notifications.length;
    for (const { topic, envelope } of delivered) await h.publishAgain(topic, envelope);
    await h.settled();
    const after = [await h.json(`/internal/v1/batches/${batchId}/status`), await h.json(`/internal/v1/batches/${batchId}/results`)];
    expect(after).toEqual(before);
    expect(notifications).toHaveLength(count);
  });
});
