import { afterAll, beforeAll, expect, test } from "bun:test";
import { strFromU8, unzipSync } from "fflate";
import { dirname } from "node:path";
import { readyBatch, waitForStatus } from "./support/batches.ts";
import { scanFiles } from "./support/data-scan.ts";
import { eventually, startE2EStack, type E2EStack } from "./support/e2e-stack.ts";
import { openNotificationSocket } from "./support/notifications.ts";
import { signUpTeacher, storePrompt, uploadFiles, type Teacher } from "./support/teachers.ts";

const SERVICES = ["content-service", "identity", "batch-conductor", "batch-orchestrator", "els-api", "els-worker", "file-service", "spellchecker", "nlp", "result-aggregator", "api-gateway"];
const TOPICS = ["rivers", "mountains", "libraries", "bicycles", "gardens", "trains", "museums"];
const essay = (topic: string) =>
  `Name: Student ${topic}\n\nMany students care about ${topic} in our town. Learning about ${topic} helps us understand the world, ` +
  `and a good lesson about ${topic} makes the whole class curious. I believe every school should teach more about ${topic} because it matters.`;

let e2e: E2EStack;
let teacher: Teacher;

beforeAll(async () => {
  // Only the services this flow needs; the erasure participants are not involved here.
  e2e = await startE2EStack({ LOG_LEVEL: process.env.LIFECYCLE_LOG_LEVEL ?? "warn" }, SERVICES);
  teacher = await signUpTeacher(e2e);
}, 120_000);
afterAll(async () => {
  await e2e?.stop();
});

type Essay = { essay_id: string; file_name: string | null; nlp?: { metrics: Record<string, unknown> } | null };
const path = (batchId: string) => ({ params: { path: { batch_id: batchId } } });

test("upload 5, remove 1, add 2, run nlp: six essays, the removed one's text gone, the socket told of each change; export zip", async () => {
  const api = e2e.client(teacher.token);
  const batchId = await readyBatch(e2e, teacher, TOPICS.slice(0, 5).map(essay), { prompt: await storePrompt(e2e, "Write about your town.") });
  const socket = await openNotificationSocket(e2e.gateway, teacher.token);
  const initial = await eventually("five essays in the results", async () => {
    const { data } = await api.GET("/v1/batches/{batch_id}/results", path(batchId));
    const essays = (data?.essays ?? []) as Essay[];
    return essays.length === 5 && essays.every((e) => e.file_name) ? essays : undefined;
  });
  const victim = initial.find((e) => e.file_name === "essay-3.txt") as Essay;

  const removed = await api.DELETE("/v1/batches/{batch_id}/essays/{essay_id}", { params: { path: { batch_id: batchId, essay_id: victim.essay_id } } });
  expect(removed.response.status).toBe(200);
  expect(removed.data?.expected_essay_count).toBe(4);
  expect((await api.DELETE("/v1/batches/{batch_id}/essays/{essay_id}", { params: { path: { batch_id: batchId, essay_id: victim.essay_id } } })).response.status).toBe(404);

  const added = await api.POST("/v1/batches/{batch_id}/essays", { ...path(batchId), body: { count: 2 } });
  expect(added.response.status).toBe(201);
  expect(added.data?.essay_ids).toHaveLength(2);
  expect(added.data?.expected_essay_count).toBe(6);
  expect((await api.GET("/v1/batches/{batch_id}", path(batchId))).data?.status).toBe("AWAITING_CONTENT");
  const upload = await uploadFiles(e2e, teacher.token, batchId, TOPICS.slice(5).map((t, i) => ({ name: `late-${i + 1}.txt`, bytes: essay(t), type: "text/plain" })));
  expect(upload.status).toBe(202);
  await waitForStatus(api, batchId, ["READY_FOR_PIPELINE_EXECUTION"]);
  await socket.waitFor("essays changed twice", () => socket.received.filter((n) => n.type === "batch_essays_changed" && n.batch_id === batchId).length >= 2);
  const changes = socket.received.filter((n) => n.type === "batch_essays_changed" && n.batch_id === batchId).map((n) => n.data);
  expect(changes[0]).toMatchObject({ removed_essay_ids: [victim.essay_id], expected_essay_count: 4 });
  expect(changes[1]).toMatchObject({ added_essay_ids: added.data?.essay_ids, expected_essay_count: 6 });

  await api.POST("/v1/batches/{batch_id}/pipelines", { ...path(batchId), body: { requested_pipeline: "nlp" } });
  expect(await waitForStatus(api, batchId, ["COMPLETED_SUCCESSFULLY", "COMPLETED_WITH_FAILURES"], 90_000)).toBe("COMPLETED_SUCCESSFULLY");
  const results = await eventually("six essays with metrics", async () => {
    const { data } = await api.GET("/v1/batches/{batch_id}/results", path(batchId));
    const essays = (data?.essays ?? []) as Essay[];
    return essays.length === 6 && essays.every((e) => e.nlp?.metrics) ? essays : undefined;
  }, 60_000);
  expect(results.map((e) => e.file_name).sort()).toEqual(["essay-1.txt", "essay-2.txt", "essay-4.txt", "essay-5.txt", "late-1.txt", "late-2.txt"]);
  expect(results.some((e) => e.essay_id === victim.essay_id)).toBe(false);
  const { data: status } = await api.GET("/v1/batches/{batch_id}/status", path(batchId));
  expect((status as unknown as { counts: Record<string, number> }).counts).toMatchObject({ expected_essays: 6, essays: 6, provisioned: 6 });
  socket.close();

  // The file list and one original, as the teacher downloads them.
  const auth = { headers: { Authorization: `Bearer ${teacher.token}` } };
  const listed = (await (await fetch(`${e2e.gateway}/v1/batches/${batchId}/files`, auth)).json()) as { files: { essay_id: string; file_name: string; has_content: boolean }[] };
  expect(listed.files.map((f) => f.file_name).sort()).toEqual(["essay-1.txt", "essay-2.txt", "essay-4.txt", "essay-5.txt", "late-1.txt", "late-2.txt"]);
  const late = listed.files.find((f) => f.file_name === "late-1.txt") as { essay_id: string };
  const original = await fetch(`${e2e.gateway}/v1/batches/${batchId}/essays/${late.essay_id}/original`, auth);
  expect(original.status).toBe(200);
  expect(await original.text()).toBe(essay(TOPICS[5] as string));
  expect((await fetch(`${e2e.gateway}/v1/batches/${batchId}/essays/${victim.essay_id}/original`, auth)).status).toBe(404);

  // The export: the results as JSON and CSV, and each remaining essay's text.
  const exported = await fetch(`${e2e.gateway}/v1/batches/${batchId}/export`, { headers: { Authorization: `Bearer ${teacher.token}` } });
  expect(exported.status).toBe(200);
  expect(exported.headers.get("Content-Type")).toBe("application/zip");
  const zip = unzipSync(new Uint8Array(await exported.arrayBuffer()));
  expect(Object.keys(zip).filter((k) => k.startsWith("originals/")).sort()).toEqual(
    ["essay-1", "essay-2", "essay-4", "essay-5", "late-1", "late-2"].map((n) => `originals/${n}.txt`),
  );
  expect(strFromU8(zip["originals/late-1.txt"] as Uint8Array)).toBe(essay(TOPICS[5] as string));
  expect(strFromU8(zip["results.csv"] as Uint8Array).trimEnd().split("\r\n")).toHaveLength(7);
  expect(JSON.parse(strFromU8(zip["results.json"] as Uint8Array)).essays).toHaveLength(6);
  const stranger = await signUpTeacher(e2e);
  expect((await fetch(`${e2e.gateway}/v1/batches/${batchId}/export`, { headers: { Authorization: `Bearer ${stranger.token}` } })).status).toBe(404);

  // The removed essay's text is gone from every store; the others' texts are still there.
  const hits = scanFiles(dirname(e2e.logFile), [`care about ${TOPICS[2]}`, `care about ${TOPICS[0]}`], () => false);
  expect(hits.filter((h) => h.phrase.endsWith(TOPICS[2] as string))).toEqual([]);
  expect(hits.some((h) => h.phrase.endsWith(TOPICS[0] as string) && h.where.includes("content-service"))).toBe(true);
}, 240_000);
