import { afterAll, beforeAll, expect, test } from "bun:test";
import { join } from "node:path";
import { AssessmentResultPublishedTopic } from "@shared/contracts/events/cj-results.ts";
import { EssaySlotAssignedTopic } from "@shared/contracts/events/els.ts";
import { EssaySlotContentReplacedTopic } from "@shared/contracts/events/lifecycle.ts";
import { EssayAIFeedbackCompletedTopic, EssayNlpCompletedTopic, EssaySpellcheckCompletedTopic } from "@shared/contracts/events/phase-results.ts";
import type { TeacherNotification } from "@shared/contracts/notifications.ts";
import { createMemoryLogger } from "@shared/observability/logger.ts";
import type { RunningService } from "@shared/runtime/run-service.ts";
import { tempDir } from "@shared/testing/temp-dir.ts";
import { loadContentConfig } from "../../content-service/src/config.ts";
import { startContentService } from "../../content-service/src/service.ts";
import type { BatchResultsView } from "../src/http/schemas.ts";
import { registration } from "./support/events.ts";
import { eventually, KEY, startHarness, type Harness } from "./support/harness.ts";

const userId = `teacher-${crypto.randomUUID()}`;
const base = Date.now() - 60_000;
const at = (i: number) => ({ at: new Date(base + i * 1000).toISOString() });
const dir = tempDir("ras-replace-content-");
let content: RunningService & { url: string };
let h: Harness;
let notifications: TeacherNotification[];

beforeAll(async () => {
  content = await startContentService(
    loadContentConfig({ HULEEDU_INTERNAL_API_KEY: KEY, REDIS_URL: "redis://127.0.0.1:1", CONTENT_SERVICE_HTTP_PORT: "0", CONTENT_SERVICE_DB_PATH: join(dir.path, "content.sqlite") }),
    createMemoryLogger("content-service"),
  );
  h = await startHarness({ CONTENT_SERVICE_URL: content.url });
  notifications = (await h.listen(userId)).received;
});
afterAll(async () => {
  await h.stop();
  await content.stop();
  dir.remove();
});

async function store(body: string): Promise<string> {
  const res = await fetch(`${content.url}/v1/content`, { method: "POST", body, headers: { "X-Internal-API-Key": KEY, "Content-Type": "text/plain" } });
  return ((await res.json()) as { storage_id: string }).storage_id;
}
const stored = async (id: string) => (await fetch(`${content.url}/v1/content/${id}`, { headers: { "X-Internal-API-Key": KEY } })).status === 200;
type Essay = BatchResultsView["essays"][number];

test("a replaced essay shows its new file and none of the old text's results; the old result blobs are erased; CJ is cleared batch-wide; the socket hears it once", async () => {
  const batchId = crypto.randomUUID();
  const [e1, e2] = [crypto.randomUUID(), crypto.randomUUID()];
  const blobs = Object.fromEntries(await Promise.all(["text1", "text2", "corrected1", "metrics1", "metrics2", "feedback1", "newText"].map(async (k) => [k, await store(`${k} ${batchId}`)] as const)));
  const reg = registration(batchId, userId, [e1, e2]);
  await h.publish(reg.topic, reg.data as never, at(0));
  for (const [i, id] of [e1, e2].entries()) {
    await h.publish(EssaySlotAssignedTopic, { batch_id: batchId, essay_id: id, file_upload_id: `upload-${i}`, original_file_name: `essay-${i + 1}.txt`, text_storage_id: blobs[`text${i + 1}`] as string }, at(1));
    await h.publish(EssayNlpCompletedTopic, {
      batch_id: batchId, essay_id: id, status: "success", language: "en", text_storage_id: blobs[`text${i + 1}`] as string, metrics_storage_id: blobs[`metrics${i + 1}`] as string,
      metrics: { word_count: 100 + i, flesch_reading_ease: 60, mtld: null, language: "en" },
    }, at(3));
  }
  await h.publish(EssaySpellcheckCompletedTopic, {
    batch_id: batchId, essay_id: e1, status: "success", language: "en", original_text_storage_id: blobs.text1 as string, corrected_text_storage_id: blobs.corrected1 as string,
    word_count: 100, correction_count: 1, corrections: [{ offset: 0, original: "teh", replacement: "the" }],
  }, at(2));
  await h.publish(EssayAIFeedbackCompletedTopic, { batch_id: batchId, essay_id: e1, status: "success", text_storage_id: blobs.text1 as string, feedback_storage_id: blobs.feedback1 as string, feedback_preview: "Good.", provider: "local" }, at(4));
  await h.publish(AssessmentResultPublishedTopic, {
    batch_id: batchId, user_id: userId, comparisons_made: 1, finish_reason: "pairs_exhausted", anchors: [],
    essays: [{ essay_id: e1, rank: 1, score: 0.5, standard_error: 0.4, grade: null, grade_probabilities: {}, is_anchor: false }, { essay_id: e2, rank: 2, score: -0.5, standard_error: 0.4, grade: null, grade_probabilities: {}, is_anchor: false }],
  }, at(5));
  const before = await eventually(async () => {
    const v = await h.json<BatchResultsView>(`/internal/v1/batches/${batchId}/results`);
    const first = v.essays.find((e) => e.essay_id === e1);
    return first?.ai_feedback && first.cj_assessment && first.spellcheck && v.cj_assessment ? v : undefined;
  }, 8000, "the first essay's results");
  expect(before.essays.find((e) => e.essay_id === e2)?.cj_assessment?.rank).toBe(2);

  const replaced = await h.publish(EssaySlotContentReplacedTopic, {
    batch_id: batchId, user_id: userId, essay_id: e1, file_upload_id: "upload-0", replacement_id: crypto.randomUUID(), original_file_name: "better.docx",
    text_storage_id: blobs.newText as string, student_name: "Karin Berg", student_email: null,
  }, { ...at(6), correlationId: "corr-replaced" });
  const changed = () => notifications.filter((n) => n.batch_id === batchId && n.type === "batch_essays_changed");
  await eventually(() => changed().length > 0, 8000, "the socket notification");
  const view = await h.json<BatchResultsView>(`/internal/v1/batches/${batchId}/results`);
  const first = view.essays.find((e) => e.essay_id === e1) as Essay & { original_text_storage_id?: string | null; file_name?: string | null; student_name?: string | null };
  const second = view.essays.find((e) => e.essay_id === e2) as Essay;
  expect(first).toMatchObject({ file_name: "better.docx", original_text_storage_id: blobs.newText, student_name: "Karin Berg", spellcheck: null, nlp: null, ai_feedback: null, cj_assessment: null });
  expect(second.nlp?.metrics).toMatchObject({ word_count: 101 });
  expect(second.cj_assessment).toBeNull();
  expect(view.cj_assessment).toBeNull();
  for (const k of ["text1", "corrected1", "metrics1", "feedback1"]) expect([k, await stored(blobs[k] as string)]).toEqual([k, false]);
  for (const k of ["text2", "metrics2", "newText"]) expect([k, await stored(blobs[k] as string)]).toEqual([k, true]);
  expect(changed()).toEqual([expect.objectContaining({
    type: "batch_essays_changed", user_id: userId, correlation_id: "corr-replaced",
    data: { added_essay_ids: [], removed_essay_ids: [], replaced_essay_ids: [e1], expected_essay_count: 2, file_name: "better.docx" },
  })]);

  // A repeat changes nothing and notifies no one; a result of the old text (older event) never shows.
  await h.publishAgain(EssaySlotContentReplacedTopic, replaced);
  await h.publish(EssayNlpCompletedTopic, {
    batch_id: batchId, essay_id: e1, status: "success", language: "en", text_storage_id: blobs.text1 as string, metrics_storage_id: null,
    metrics: { word_count: 999, flesch_reading_ease: 60, mtld: null, language: "en" },
  }, at(5.5));
  await h.settled();
  expect((await h.json<BatchResultsView>(`/internal/v1/batches/${batchId}/results`)).essays.find((e) => e.essay_id === e1)?.nlp).toBeNull();
  await h.publish(EssayNlpCompletedTopic, {
    batch_id: batchId, essay_id: e1, status: "success", language: "en", text_storage_id: blobs.newText as string, metrics_storage_id: null,
    metrics: { word_count: 42, flesch_reading_ease: 60, mtld: null, language: "en" },
  }, at(7));
  const after = await eventually(async () => {
    const v = await h.json<BatchResultsView>(`/internal/v1/batches/${batchId}/results`);
    return v.essays.find((e) => e.essay_id === e1)?.nlp ? v : undefined;
  }, 8000, "the new text's metrics");
  expect(after.essays.find((e) => e.essay_id === e1)?.nlp?.metrics).toMatchObject({ word_count: 42 });
  await Bun.sleep(300);
  expect(changed()).toHaveLength(1);
  expect(await stored(blobs.newText as string)).toBe(true);
});
