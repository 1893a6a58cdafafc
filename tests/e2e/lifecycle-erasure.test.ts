import { afterAll, beforeAll, expect, test } from "bun:test";
import { dirname } from "node:path";
import { readyBatch, waitForStatus } from "./support/batches.ts";
import { scanFiles, scanRedis } from "./support/data-scan.ts";
import { eventually, startE2EStack, type E2EStack } from "./support/e2e-stack.ts";
import { openNotificationSocket } from "./support/notifications.ts";
import { signUpTeacher, uploadFiles, type Teacher } from "./support/teachers.ts";

// Phrases no other test writes; each essay carries one, and the first one a student name.
const ERASED = ["violet submarines counted lanterns", "seven patient herons argued", "a marmalade lighthouse hummed", "copper kites outran the ferry"];
const ERASED_NAME = "Quillfeather";
const KEPT = ["orange giraffes whispered to astronauts", "the granite orchestra slept early"];

const essay = (phrase: string, name: string) =>
  `Name: ${name}\n\nMany students bring a phone to school every day. In my town ${phrase} while the class listened. ` +
  "Phones are useful for finding facts, but in lessons they pull attention away from the teacher. " +
  "I believe schools should ask students to keep phones in their bags, because learning needs focus and calm.";

let e2e: E2EStack;
let owner: Teacher;
let other: Teacher;

beforeAll(async () => {
  e2e = await startE2EStack({ CJ_MONITOR_INTERVAL_MS: "3600000", CJ_STALL_TIMEOUT_MS: "3600000" });
  [owner, other] = await Promise.all([signUpTeacher(e2e), signUpTeacher(e2e)]);
}, 120_000);
afterAll(async () => {
  await e2e?.stop();
});

const path = (batchId: string) => ({ params: { path: { batch_id: batchId } } });
const dataDir = () => dirname(e2e.logFile);

test("erasing a batch after comprehensive leaves none of its text on disk or in Redis, survives a SIGKILL, and spares another teacher", async () => {
  const api = e2e.client(owner.token);
  const otherApi = e2e.client(other.token);
  const prompt = (await api.POST("/v1/prompts", { body: { text: "Should schools ban mobile phones?" } })).data as never;
  const otherPrompt = (await otherApi.POST("/v1/prompts", { body: { text: "Should schools ban mobile phones?" } })).data as never;
  const names = [`Ada ${ERASED_NAME}`, "Ben Carlsson", "Cleo Dahl", "Dan Ek"];
  const batchId = await readyBatch(e2e, owner, ERASED.map((p, i) => essay(p, names[i] as string)), { prompt });
  const keptId = await readyBatch(e2e, other, KEPT.map((p) => essay(p, "Eva Lund")), { prompt: otherPrompt });

  await api.POST("/v1/batches/{batch_id}/pipelines", { ...path(batchId), body: { requested_pipeline: "comprehensive" } });
  await otherApi.POST("/v1/batches/{batch_id}/pipelines", { ...path(keptId), body: { requested_pipeline: "nlp" } });
  expect(await waitForStatus(api, batchId, ["COMPLETED_SUCCESSFULLY", "COMPLETED_WITH_FAILURES"], 180_000)).toBe("COMPLETED_SUCCESSFULLY");
  expect(await waitForStatus(otherApi, keptId, ["COMPLETED_SUCCESSFULLY"], 120_000)).toBe("COMPLETED_SUCCESSFULLY");
  await eventually("feedback in the results", async () => {
    const { data } = await api.GET("/v1/batches/{batch_id}/results", path(batchId));
    return (data?.essays as { ai_feedback?: unknown }[] | undefined)?.every((e) => e.ai_feedback) ? true : undefined;
  }, 60_000);

  // The scan can fail: before erasure it finds every phrase of the batch on disk, and the student's
  // name in stream entries; essay texts themselves are already out of the streams (LPS trims them).
  const before = [...scanFiles(dataDir(), [...ERASED, ERASED_NAME]), ...(await scanRedis(e2e.redis.client(), [...ERASED, ERASED_NAME]))];
  if (process.env.LIFECYCLE_DEBUG) console.log([...new Set(before.map((h) => `${h.where} ${h.phrase}`))].join("\n"));
  for (const phrase of ERASED) expect(before.filter((h) => h.phrase === phrase).length).toBeGreaterThan(1);
  expect(before.some((h) => h.where.includes("content-service"))).toBe(true);
  expect(before.some((h) => h.where.startsWith("redis stream") && h.phrase === ERASED_NAME)).toBe(true);
  expect(before.filter((h) => h.where.startsWith("redis") && ERASED.includes(h.phrase))).toEqual([]);

  const socket = await openNotificationSocket(e2e.gateway, owner.token);
  const started = Date.now();
  const erase = await api.DELETE("/v1/batches/{batch_id}", path(batchId));
  expect(erase.response.status).toBe(202);
  expect(erase.data?.participants).toEqual(expect.arrayContaining(["essay-lifecycle", "result-aggregator", "file-service", "cj-assessment", "llm-provider", "ai-feedback"]));
  // Midway: RAS dies without warning; the erasure cannot finish until it is back.
  await e2e.stack.kill("result-aggregator", "SIGKILL");
  await Bun.sleep(1500);
  expect(socket.received.some((n) => n.type === "batch_erased" && n.batch_id === batchId)).toBe(false);
  await e2e.stack.restart("result-aggregator");
  await socket.waitFor("batch_erased", (n) => n.type === "batch_erased" && n.batch_id === batchId, 60_000);
  const progress = socket.received.filter((n) => n.type === "batch_erasure_progress" && n.batch_id === batchId).map((n) => n.data.service);
  expect(new Set(progress)).toEqual(new Set(erase.data?.participants));
  const erased = socket.received.find((n) => n.type === "batch_erased" && n.batch_id === batchId);
  console.log(`erasure e2e: erased in ${Date.now() - started} ms (RAS killed for 1.5 s); ${String(erased?.data.scrubbed_stream_entries)} stream entries scrubbed`);
  socket.close();

  // Every route of the batch is 404 now, as for a batch that never existed.
  const statuses = [
    (await api.GET("/v1/batches/{batch_id}", path(batchId))).response.status,
    (await api.GET("/v1/batches/{batch_id}/status", path(batchId))).response.status,
    (await api.GET("/v1/batches/{batch_id}/results", path(batchId))).response.status,
    (await api.DELETE("/v1/batches/{batch_id}", path(batchId))).response.status,
    (await api.POST("/v1/batches/{batch_id}/pipelines", { ...path(batchId), body: { requested_pipeline: "nlp" } })).response.status,
    (await api.PATCH("/v1/batches/{batch_id}/prompt", { ...path(batchId), body: { student_prompt_ref: prompt } })).response.status,
    (await uploadFiles(e2e, owner.token, batchId, [{ name: "late.txt", bytes: essay("late", "Late"), type: "text/plain" }])).status,
  ];
  expect(statuses).toEqual([404, 404, 404, 404, 404, 404, 404]);
  const { data: list } = await api.GET("/v1/batches");
  expect(list?.batches.some((b) => b.batch_id === batchId)).toBe(false);

  // Nothing of it anywhere: every file under the data directory (SQLite + WAL) and every Redis key.
  const after = [...scanFiles(dataDir(), [...ERASED, ERASED_NAME]), ...(await scanRedis(e2e.redis.client(), [...ERASED, ERASED_NAME]))];
  expect(after).toEqual([]);

  // The other teacher's batch is untouched: still readable, its text still stored.
  expect((await otherApi.GET("/v1/batches/{batch_id}", path(keptId))).response.status).toBe(200);
  const { data: keptResults } = await otherApi.GET("/v1/batches/{batch_id}/results", path(keptId));
  expect((keptResults?.essays as { nlp?: unknown }[]).every((e) => e.nlp)).toBe(true);
  const kept = scanFiles(dataDir(), KEPT);
  for (const phrase of KEPT) expect(kept.some((h) => h.phrase === phrase && h.where.includes("content-service"))).toBe(true);
}, 400_000);
