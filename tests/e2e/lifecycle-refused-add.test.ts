import { afterAll, beforeAll, expect, test } from "bun:test";
import { readyBatch, waitForStatus } from "./support/batches.ts";
import { eventually, startE2EStack, type E2EStack } from "./support/e2e-stack.ts";
import { signUpTeacher, storePrompt, uploadFiles, type Teacher } from "./support/teachers.ts";

// Files added to a ready batch that are refused (an empty .txt): the teacher gives the new slot up
// again, and the batch must be ready once more, even though its essays are the very ones it had.
const SERVICES = ["content-service", "identity", "batch-conductor", "batch-orchestrator", "els-api", "els-worker", "file-service", "spellchecker", "nlp", "result-aggregator", "api-gateway"];
const essay = (topic: string) =>
  `Name: Student ${topic}\n\nMany students care about ${topic} in our town. Learning about ${topic} helps us understand the world, ` +
  `and a good lesson about ${topic} makes the whole class curious. I believe every school should teach more about ${topic} because it matters.`;

let e2e: E2EStack;
let teacher: Teacher;

beforeAll(async () => {
  e2e = await startE2EStack({ LOG_LEVEL: process.env.LIFECYCLE_LOG_LEVEL ?? "warn" }, SERVICES);
  teacher = await signUpTeacher(e2e);
}, 120_000);
afterAll(async () => {
  await e2e?.stop();
});

type Essay = { essay_id: string; file_name: string | null; nlp?: { metrics: Record<string, unknown> } | null };
type FileEntry = { essay_id: string; file_name: string | null; has_content: boolean };
const path = (batchId: string) => ({ params: { path: { batch_id: batchId } } });

async function files(batchId: string): Promise<FileEntry[]> {
  const res = await fetch(`${e2e.gateway}/v1/batches/${batchId}/files`, { headers: { Authorization: `Bearer ${teacher.token}` } });
  return ((await res.json()) as { files: FileEntry[] }).files;
}

/** The status view (RAS) and the batch (BOS) both say ready. */
async function waitReady(batchId: string): Promise<void> {
  const api = e2e.client(teacher.token);
  await waitForStatus(api, batchId, ["READY_FOR_PIPELINE_EXECUTION"], 30_000);
  await eventually("status view ready", async () => {
    const { data } = await api.GET("/v1/batches/{batch_id}/status", path(batchId));
    return data?.status === "READY_FOR_PIPELINE_EXECUTION" ? data : undefined;
  });
}

/** Run nlp and return the results' essays once each of `n` has metrics. */
async function runNlp(batchId: string, n: number): Promise<Essay[]> {
  const api = e2e.client(teacher.token);
  const requested = await api.POST("/v1/batches/{batch_id}/pipelines", { ...path(batchId), body: { requested_pipeline: "nlp" } });
  expect(requested.response.status).toBe(202);
  expect(await waitForStatus(api, batchId, ["COMPLETED_SUCCESSFULLY", "COMPLETED_WITH_FAILURES"], 90_000)).toBe("COMPLETED_SUCCESSFULLY");
  return eventually(`${n} essays with metrics`, async () => {
    const { data } = await api.GET("/v1/batches/{batch_id}/results", path(batchId));
    const essays = (data?.essays ?? []) as Essay[];
    return essays.length === n && essays.every((e) => e.nlp?.metrics) ? essays : undefined;
  }, 60_000);
}

test("ready batch of 2, add one slot whose only file is empty: the upload refuses it, removing the slot makes the batch ready again, nlp runs for the 2", async () => {
  const api = e2e.client(teacher.token);
  const batchId = await readyBatch(e2e, teacher, ["rivers", "mountains"].map(essay), { prompt: await storePrompt(e2e, "Write about your town.") });

  const added = await api.POST("/v1/batches/{batch_id}/essays", { ...path(batchId), body: { count: 1 } });
  expect(added.response.status).toBe(201);
  const slot = added.data?.essay_ids[0] as string;
  expect(added.data?.expected_essay_count).toBe(3);
  const upload = await uploadFiles(e2e, teacher.token, batchId, [{ name: "empty.txt", bytes: "", type: "text/plain" }]);
  expect(upload.status).toBe(202);
  expect(upload.body.files).toEqual([expect.objectContaining({ file_name: "empty.txt", accepted: false, error_code: "EMPTY_CONTENT" })]);
  expect((await api.GET("/v1/batches/{batch_id}", path(batchId))).data?.status).toBe("AWAITING_CONTENT");

  const removed = await api.DELETE("/v1/batches/{batch_id}/essays/{essay_id}", { params: { path: { batch_id: batchId, essay_id: slot } } });
  expect(removed.response.status).toBe(200);
  expect(removed.data?.expected_essay_count).toBe(2);
  await waitReady(batchId);
  const { data: status } = await api.GET("/v1/batches/{batch_id}/status", path(batchId));
  expect((status as unknown as { counts: Record<string, number> }).counts).toMatchObject({ expected_essays: 2, essays: 2, provisioned: 2 });

  const results = await runNlp(batchId, 2);
  expect(results.map((e) => e.file_name).sort()).toEqual(["essay-1.txt", "essay-2.txt"]);
  expect(results.some((e) => e.essay_id === slot)).toBe(false);
}, 240_000);

test("ready batch of 2, add two slots, upload one good and one empty file: removing the refused slot makes it ready with 3, nlp runs for the 3", async () => {
  const api = e2e.client(teacher.token);
  const batchId = await readyBatch(e2e, teacher, ["libraries", "bicycles"].map(essay), { prompt: await storePrompt(e2e, "Write about your town.") });

  const added = await api.POST("/v1/batches/{batch_id}/essays", { ...path(batchId), body: { count: 2 } });
  expect(added.response.status).toBe(201);
  const slots = added.data?.essay_ids ?? [];
  const upload = await uploadFiles(e2e, teacher.token, batchId, [
    { name: "late.txt", bytes: essay("gardens"), type: "text/plain" },
    { name: "empty.txt", bytes: "", type: "text/plain" },
  ]);
  expect(upload.status).toBe(202);
  expect(upload.body.files?.map((f) => [f.file_name, f.accepted])).toEqual([["late.txt", true], ["empty.txt", false]]);
  // The good file fills one new slot; the other stays empty.
  const empty = await eventually("the good file in its slot", async () => {
    const listed = (await files(batchId)).filter((f) => slots.includes(f.essay_id));
    return listed.length === 2 && listed.filter((f) => f.has_content).length === 1 ? listed.find((f) => !f.has_content) : undefined;
  });
  expect((await api.GET("/v1/batches/{batch_id}", path(batchId))).data?.status).toBe("AWAITING_CONTENT");

  const removed = await api.DELETE("/v1/batches/{batch_id}/essays/{essay_id}", { params: { path: { batch_id: batchId, essay_id: empty?.essay_id as string } } });
  expect(removed.response.status).toBe(200);
  await waitReady(batchId);
  const results = await runNlp(batchId, 3);
  expect(results.map((e) => e.file_name).sort()).toEqual(["essay-1.txt", "essay-2.txt", "late.txt"]);
}, 240_000);
