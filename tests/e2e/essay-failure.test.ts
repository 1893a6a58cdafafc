import { afterAll, beforeAll, expect, test } from "bun:test";
import { Database } from "bun:sqlite";
import { join } from "node:path";
import { startE2EStack, type E2EStack } from "./support/e2e-stack.ts";
import { readyBatch, waitForStatus } from "./support/batches.ts";
import { MISSPELT_ESSAYS } from "./support/essays.ts";
import { openNotificationSocket } from "./support/notifications.ts";
import { signUpTeacher, storePrompt, type Teacher } from "./support/teachers.ts";

const SERVICES = ["content-service", "identity", "batch-conductor", "batch-orchestrator", "els-api", "els-worker", "file-service", "spellchecker", "nlp", "result-aggregator", "api-gateway"];
let e2e: E2EStack;
let teacher: Teacher;

beforeAll(async () => {
  e2e = await startE2EStack({}, SERVICES);
  teacher = await signUpTeacher(e2e);
}, 120_000);
afterAll(async () => {
  await e2e?.stop();
});

// Fault injection: one essay's stored text is lost from the content service, so the real
// spellchecker reports that essay as failed; everything else runs as in production.
test("one essay whose phase fails: the batch ends COMPLETED_WITH_FAILURES naming that essay", async () => {
  const api = e2e.client(teacher.token);
  const batchId = await readyBatch(e2e, teacher, MISSPELT_ESSAYS, { prompt: await storePrompt(e2e, "Phones?") });
  const key = e2e.stack.env.HULEEDU_INTERNAL_API_KEY as string;
  const essays = ((await (await fetch(`${e2e.stack.urls["els-api"]}/internal/v1/batches/${batchId}/essays`, { headers: { "X-Internal-API-Key": key } })).json()) as {
    essays: { essay_id: string; text_storage_id: string | null; original_file_name?: string | null }[];
  }).essays;
  expect(essays.length).toBe(4);
  const victim = essays[1] as { essay_id: string; text_storage_id: string };
  const contentDb = new Database(join(e2e.stack.env.HULEEDU_DATA_DIR as string, "content-service/content.sqlite"));
  expect(contentDb.query("DELETE FROM contents WHERE storage_id = ?").run(victim.text_storage_id).changes).toBe(1);
  contentDb.close();

  const socket = await openNotificationSocket(e2e.gateway, teacher.token);
  await api.POST("/v1/batches/{batch_id}/pipelines", { params: { path: { batch_id: batchId } }, body: { requested_pipeline: "nlp" } });
  await socket.waitFor("pipeline completed", (n) => n.type === "pipeline_completed" && n.batch_id === batchId);
  const completed = socket.received.find((n) => n.type === "pipeline_completed" && n.batch_id === batchId);
  expect(completed?.data.final_status).toBe("COMPLETED_WITH_FAILURES");
  expect(completed?.data.failed_essay_ids).toEqual([victim.essay_id]);
  expect(await waitForStatus(api, batchId, ["COMPLETED_WITH_FAILURES"])).toBe("COMPLETED_WITH_FAILURES");

  const { data: status } = await api.GET("/v1/batches/{batch_id}/status", { params: { path: { batch_id: batchId } } });
  const phases = (status as unknown as { phases: { phase: string; status: string; failed_essay_ids: string[] }[] }).phases;
  expect(phases.find((p) => p.phase === "spellcheck")).toMatchObject({ status: "COMPLETED_WITH_FAILURES", failed_essay_ids: [victim.essay_id] });
  expect(phases.find((p) => p.phase === "nlp")?.status).toBe("COMPLETED_SUCCESSFULLY");
  const { data: results } = await api.GET("/v1/batches/{batch_id}/results", { params: { path: { batch_id: batchId } } });
  const failedEssay = (results?.essays as { essay_id: string; failures: { phase: string; error_code: string }[]; nlp: unknown }[]).find((e) => e.essay_id === victim.essay_id);
  expect(failedEssay?.failures.map((f) => `${f.phase}:${f.error_code}`)).toEqual(["spellcheck:RESOURCE_NOT_FOUND"]);
  expect(failedEssay?.nlp).toBeNull();
  socket.close();
});
