import { afterAll, beforeAll, expect, test } from "bun:test";
import * as v from "valibot";
import { FEEDBACK_DIMENSIONS, quotedSpans, StructuredFeedbackSchema } from "../../shared/contracts/feedback.ts";
import { eventually, startE2EStack, type E2EStack } from "./support/e2e-stack.ts";
import { readyBatch, waitForStatus } from "./support/batches.ts";
import { MISSPELT_ESSAYS } from "./support/essays.ts";
import { signUpTeacher, storePrompt, type Teacher } from "./support/teachers.ts";

let e2e: E2EStack;
let teacher: Teacher;

beforeAll(async () => {
  e2e = await startE2EStack({ LOG_LEVEL: "info" });
  teacher = await signUpTeacher(e2e);
}, 120_000);
afterAll(async () => {
  await e2e?.stop();
});

type EssayResult = { file_name: string; ai_feedback?: { status: string; feedback: unknown } | null };

test("comprehensive pipeline, local provider: every essay's /results carries structured feedback quoting its own text", async () => {
  const prompt = await storePrompt(e2e, "Should schools ban mobile phones?");
  const batchId = await readyBatch(e2e, teacher, MISSPELT_ESSAYS, { prompt });
  const api = e2e.client(teacher.token);
  const path = { params: { path: { batch_id: batchId } } };
  const { response } = await api.POST("/v1/batches/{batch_id}/pipelines", { ...path, body: { requested_pipeline: "comprehensive" } });
  expect(response.status).toBe(202);
  expect(await waitForStatus(api, batchId, ["COMPLETED_SUCCESSFULLY", "COMPLETED_WITH_FAILURES", "FAILED"], 240_000)).toBe("COMPLETED_SUCCESSFULLY");
  const essays = await eventually("feedback for every essay", async () => {
    const { data } = await api.GET("/v1/batches/{batch_id}/results", path);
    const list = (data?.essays ?? []) as EssayResult[];
    return list.length === MISSPELT_ESSAYS.length && list.every((e) => e.ai_feedback?.feedback) ? list : undefined;
  }, 60_000);
  for (const essay of essays) {
    const text = MISSPELT_ESSAYS[Number(/essay-(\d+)/.exec(essay.file_name)?.[1]) - 1]!;
    const feedback = v.parse(StructuredFeedbackSchema, essay.ai_feedback!.feedback);
    expect(feedback.language).toBe("en");
    expect(feedback.strengths.length).toBeGreaterThanOrEqual(1);
    expect(feedback.focus_areas.map((f) => f.rank)).toEqual(feedback.focus_areas.map((_, i) => i + 1));
    for (const f of feedback.focus_areas) expect(FEEDBACK_DIMENSIONS).toContain(f.dimension);
    expect(feedback.next_step.length).toBeGreaterThan(10);
    // Quotes are the student's own words (the pipeline may strip the name line, so offsets are checked by the unit tests).
    for (const q of quotedSpans(feedback)) expect(text).toContain(q.text);
    // CJ ranked the batch before ai_feedback ran: its place backs the first focus area, once.
    const places = feedback.focus_areas.flatMap((f) => f.evidence).filter((e) => e.source === "cj");
    expect(places).toEqual([expect.objectContaining({ signal: "cj_percentile" })]);
    expect(feedback.focus_areas[0]!.evidence).toContainEqual(places[0]!);
  }
}, 300_000);
