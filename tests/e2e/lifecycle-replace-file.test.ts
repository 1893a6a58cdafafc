import { afterAll, beforeAll, expect, test } from "bun:test";
import { dirname } from "node:path";
import { makeCorruptDocx } from "../fixtures/make-documents.ts";
import { readyBatch, waitForStatus } from "./support/batches.ts";
import { scanFiles, scanRedis } from "./support/data-scan.ts";
import { eventually, startE2EStack, type E2EStack } from "./support/e2e-stack.ts";
import { openNotificationSocket } from "./support/notifications.ts";
import { signUpTeacher, storePrompt, type Teacher } from "./support/teachers.ts";

const SERVICES = ["content-service", "identity", "batch-conductor", "batch-orchestrator", "els-api", "els-worker", "file-service", "spellchecker", "nlp", "result-aggregator", "api-gateway"];
const essay = (topic: string) =>
  `Name: Student ${topic}\n\nMany students care about ${topic} in our town. Learning about ${topic} helps us understand the world, ` +
  `and a good lesson about ${topic} makes the whole class curious. I believe every school should teach more about ${topic} because it matters.`;
// Clearly longer than the others, so its metrics cannot be mistaken for the old text's.
const REPLACEMENT =
  "Name: Student lighthouses\n\nOur coast has three old lighthouses, and each one tells a story about the sailors who needed it. " +
  "The keepers climbed the stairs every evening, cleaned the lamps and wrote the weather in thick books. Today the lights are automatic, " +
  "but the towers still stand, and visiting them shows how much work people once did to keep ships away from the rocks. " +
  "I think every class should visit a lighthouse at least once, because history feels real when you can touch the cold stone walls.";
const words = (text: string) => text.split(/\s+/).filter(Boolean).length;

let e2e: E2EStack;
let teacher: Teacher;

beforeAll(async () => {
  e2e = await startE2EStack({ LOG_LEVEL: process.env.LIFECYCLE_LOG_LEVEL ?? "warn" }, SERVICES);
  teacher = await signUpTeacher(e2e);
}, 120_000);
afterAll(async () => {
  await e2e?.stop();
});

type Essay = { essay_id: string; file_name: string | null; nlp?: { metrics: { word_count?: number } } | null };
type FileEntry = { essay_id: string; file_name: string; file_upload_id: string; has_content: boolean };
const path = (batchId: string) => ({ params: { path: { batch_id: batchId } } });
const auth = (token: string) => ({ Authorization: `Bearer ${token}` });

function replace(batchId: string, fileId: string, token: string, file: { name: string; bytes: Uint8Array | string }) {
  const form = new FormData();
  form.append("file", new File([file.bytes as BlobPart], file.name));
  return fetch(`${e2e.gateway}/v1/batches/${batchId}/files/${fileId}`, { method: "PUT", body: form, headers: auth(token) });
}
async function files(batchId: string): Promise<FileEntry[]> {
  return ((await (await fetch(`${e2e.gateway}/v1/batches/${batchId}/files`, { headers: auth(teacher.token) })).json()) as { files: FileEntry[] }).files;
}
const original = async (batchId: string, essayId: string) => (await fetch(`${e2e.gateway}/v1/batches/${batchId}/essays/${essayId}/original`, { headers: auth(teacher.token) })).text();

test("upload 3, a corrupt replacement changes nothing, replace one, run nlp: the essay keeps its id and shows the new text's metrics; the old text is gone", async () => {
  const api = e2e.client(teacher.token);
  const topics = ["rivers", "mountains", "libraries"];
  const batchId = await readyBatch(e2e, teacher, topics.map(essay), { prompt: await storePrompt(e2e, "Write about your town.") });
  const socket = await openNotificationSocket(e2e.gateway, teacher.token);
  const listed = await eventually("three files listed", async () => {
    const f = await files(batchId);
    return f.length === 3 && f.every((e) => e.file_upload_id && e.has_content) ? f : undefined;
  });
  const target = listed.find((f) => f.file_name === "essay-2.txt") as FileEntry;

  // A corrupt file: the per-file error an upload would give, and the old file and essay stay.
  const corrupt = await replace(batchId, target.file_upload_id, teacher.token, { name: "essay-2.docx", bytes: await makeCorruptDocx() });
  expect(corrupt.status).toBe(400);
  expect(await corrupt.json()).toMatchObject({ error_code: "VALIDATION_ERROR", details: { reason: "file_rejected", file_error_code: "CORRUPT_FILE", file_name: "essay-2.docx" } });
  const tooShort = await replace(batchId, target.file_upload_id, teacher.token, { name: "short.txt", bytes: "Too short." });
  expect(tooShort.status).toBe(400);
  expect(((await tooShort.json()) as { details: { file_error_code: string } }).details.file_error_code).toBe("CONTENT_TOO_SHORT");
  expect(await files(batchId)).toEqual(listed);
  expect(await original(batchId, target.essay_id)).toBe(essay("mountains"));

  // Another teacher sees the same 404 as for a batch that does not exist.
  const stranger = await signUpTeacher(e2e);
  const theirs = await replace(batchId, target.file_upload_id, stranger.token, { name: "x.txt", bytes: REPLACEMENT });
  const none = await replace(crypto.randomUUID(), target.file_upload_id, stranger.token, { name: "x.txt", bytes: REPLACEMENT });
  expect([theirs.status, none.status]).toEqual([404, 404]);
  const [theirsBody, noneBody] = (await Promise.all([theirs.json(), none.json()])) as { error_code: string }[];
  expect(theirsBody?.error_code).toBe("RESOURCE_NOT_FOUND");
  expect(noneBody?.error_code).toBe("RESOURCE_NOT_FOUND");

  const replaced = await replace(batchId, target.file_upload_id, teacher.token, { name: "lighthouses.txt", bytes: REPLACEMENT });
  expect(replaced.status).toBe(202);
  expect(await replaced.json()).toEqual({ batch_id: batchId, file_id: target.file_upload_id, file_name: "lighthouses.txt", status: "replaced" });
  const changed = () => socket.received.find((n) => n.type === "batch_essays_changed" && n.batch_id === batchId);
  await socket.waitFor("the replacement on the socket", () => changed() !== undefined);
  const notice = changed();
  expect(notice?.data).toMatchObject({ replaced_essay_ids: [target.essay_id], added_essay_ids: [], removed_essay_ids: [], expected_essay_count: 3 });
  expect(await original(batchId, target.essay_id)).toBe(REPLACEMENT);
  const after = await files(batchId);
  expect(after.find((f) => f.essay_id === target.essay_id)).toEqual({ ...target, file_name: "lighthouses.txt" });
  expect((await api.GET("/v1/batches/{batch_id}", path(batchId))).data?.status).toBe("READY_FOR_PIPELINE_EXECUTION");
  // The same PUT again is a no-op.
  const again = await replace(batchId, target.file_upload_id, teacher.token, { name: "lighthouses.txt", bytes: REPLACEMENT });
  expect(again.status).toBe(200);
  expect(((await again.json()) as { status: string }).status).toBe("unchanged");

  await api.POST("/v1/batches/{batch_id}/pipelines", { ...path(batchId), body: { requested_pipeline: "nlp" } });
  expect(await waitForStatus(api, batchId, ["COMPLETED_SUCCESSFULLY", "COMPLETED_WITH_FAILURES"], 90_000)).toBe("COMPLETED_SUCCESSFULLY");
  const results = await eventually("three essays with metrics", async () => {
    const { data } = await api.GET("/v1/batches/{batch_id}/results", path(batchId));
    const essays = (data?.essays ?? []) as Essay[];
    return essays.length === 3 && essays.every((e) => e.nlp?.metrics) ? essays : undefined;
  }, 60_000);
  const mine = results.find((e) => e.essay_id === target.essay_id) as Essay;
  expect(mine.file_name).toBe("lighthouses.txt");
  const others = results.filter((e) => e.essay_id !== target.essay_id).map((e) => e.nlp?.metrics.word_count ?? 0);
  // The name header is not part of the essay the metrics count, so compare with the old text, not an exact count.
  expect(mine.nlp?.metrics.word_count).toBeGreaterThan(Math.max(...others) + 40);
  expect(Math.abs((mine.nlp?.metrics.word_count ?? 0) - words(REPLACEMENT))).toBeLessThan(6);
  expect(await original(batchId, target.essay_id)).toBe(REPLACEMENT);
  socket.close();

  // The old text is in no store any more; the new one and the others are.
  const oldPhrase = "care about mountains";
  const hits = scanFiles(dirname(e2e.logFile), [oldPhrase, "three old lighthouses", "care about rivers"]);
  expect(hits.filter((h) => h.phrase === oldPhrase)).toEqual([]);
  expect(await scanRedis(e2e.redis.client(), [oldPhrase])).toEqual([]);
  expect(hits.some((h) => h.phrase === "three old lighthouses" && h.where.includes("content-service"))).toBe(true);
  expect(hits.some((h) => h.phrase === "care about rivers" && h.where.includes("content-service"))).toBe(true);
}, 240_000);

test("while a pipeline runs a replacement is 409 pipeline_running and changes nothing; after it, a replacement and a rerun give the new text its metrics", async () => {
  const api = e2e.client(teacher.token);
  const batchId = await readyBatch(e2e, teacher, ["trains", "museums"].map(essay), { prompt: await storePrompt(e2e, "Write about your town.") });
  const [target] = await eventually("two files listed", async () => {
    const f = await files(batchId);
    return f.length === 2 && f.every((e) => e.file_upload_id) ? f : undefined;
  });
  const before = await original(batchId, target?.essay_id as string);
  expect([essay("trains"), essay("museums")]).toContain(before);
  // With nlp down the phase cannot finish, so the pipeline is certainly still running.
  await e2e.stack.kill("nlp", "SIGKILL");
  try {
    await api.POST("/v1/batches/{batch_id}/pipelines", { ...path(batchId), body: { requested_pipeline: "nlp" } });
    await waitForStatus(api, batchId, ["PROCESSING_PIPELINES"]);
    const res = await replace(batchId, target?.file_upload_id as string, teacher.token, { name: "lighthouses.txt", bytes: REPLACEMENT });
    expect(res.status).toBe(409);
    expect(await res.json()).toMatchObject({ error_code: "CONFLICT", details: { reason: "pipeline_running" } });
  } finally {
    await e2e.stack.restart("nlp");
  }
  expect(await waitForStatus(api, batchId, ["COMPLETED_SUCCESSFULLY", "COMPLETED_WITH_FAILURES"], 90_000)).toBe("COMPLETED_SUCCESSFULLY");
  expect(await original(batchId, target?.essay_id as string)).toBe(before);
  expect((await files(batchId)).find((f) => f.essay_id === target?.essay_id)?.file_name).toBe(target?.file_name as string);

  // After the run, a replacement is allowed, and running nlp again gives the new text its metrics
  // (BCS forgets the completed phases instead of pruning them).
  const res = await replace(batchId, target?.file_upload_id as string, teacher.token, { name: "lighthouses.txt", bytes: REPLACEMENT });
  expect(res.status).toBe(202);
  await eventually("the replaced essay's old metrics cleared", async () => {
    const { data } = await api.GET("/v1/batches/{batch_id}/results", path(batchId));
    const mine = ((data?.essays ?? []) as Essay[]).find((e) => e.essay_id === target?.essay_id);
    return mine && !mine.nlp?.metrics ? true : undefined;
  });
  const rerun = await api.POST("/v1/batches/{batch_id}/pipelines", { ...path(batchId), body: { requested_pipeline: "nlp" } });
  expect(rerun.response.status).toBe(202);
  const mine = await eventually("the replaced essay's new metrics", async () => {
    const { data } = await api.GET("/v1/batches/{batch_id}/results", path(batchId));
    const found = ((data?.essays ?? []) as Essay[]).find((e) => e.essay_id === target?.essay_id);
    return found?.nlp?.metrics ? found : undefined;
  }, 90_000);
  expect(Math.abs((mine.nlp?.metrics.word_count ?? 0) - words(REPLACEMENT))).toBeLessThan(6);
}, 240_000);
