import { afterAll, beforeAll, expect, test } from "bun:test";
import { loadAllTopics } from "../../shared/contracts/all-topics.ts";
import { startE2EStack, type E2EStack } from "./support/e2e-stack.ts";
import { readyBatch } from "./support/batches.ts";
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

test("every event of a whole run delivered twice: same final state, no second completion", async () => {
  const api = e2e.client(teacher.token);
  const path = (id: string) => ({ params: { path: { batch_id: id } } });
  const batchId = await readyBatch(e2e, teacher, MISSPELT_ESSAYS, { prompt: await storePrompt(e2e, "Phones?") });
  const socket = await openNotificationSocket(e2e.gateway, teacher.token);
  await api.POST("/v1/batches/{batch_id}/pipelines", { ...path(batchId), body: { requested_pipeline: "nlp" } });
  await socket.waitFor("pipeline completed", (n) => n.type === "pipeline_completed" && n.batch_id === batchId);
  await Bun.sleep(1000);
  const snapshot = async () => ({
    batch: (await api.GET("/v1/batches/{batch_id}", path(batchId))).data,
    status: (await api.GET("/v1/batches/{batch_id}/status", path(batchId))).data,
    results: (await api.GET("/v1/batches/{batch_id}/results", path(batchId))).data,
  });
  const before = await snapshot();
  expect(before.batch?.status).toBe("COMPLETED_SUCCESSFULLY");
  const seenBefore = socket.received.length;

  // Re-deliver every entry of every topic stream as a new entry with the same envelope.
  const redis = e2e.redis.client();
  let replayed = 0;
  for (const topic of await loadAllTopics()) {
    for (const [, fields] of await redis.xrange(topic.name, "-", "+")) {
      const envelope = fields[fields.indexOf("envelope") + 1];
      if (envelope === undefined) continue;
      await redis.xadd(topic.name, "*", "envelope", envelope);
      replayed++;
    }
  }
  expect(replayed).toBeGreaterThan(30);
  // Wait until every consumer group has caught up with the replayed entries.
  const deadline = Date.now() + 30_000;
  for (const topic of await loadAllTopics()) {
    const groups = (await redis.call("XINFO", "GROUPS", topic.name).catch(() => [])) as unknown[][];
    for (const g of groups) {
      const info = Object.fromEntries(Array.from({ length: g.length / 2 }, (_, i) => [g[2 * i], g[2 * i + 1]]));
      while (Date.now() < deadline) {
        const now = Object.fromEntries(((await redis.call("XINFO", "GROUPS", topic.name)) as unknown[][]).map((x) => [x[1], x])) as Record<string, unknown[]>;
        const row = now[String(info.name)] ?? [];
        const lag = row[row.indexOf("lag") + 1];
        const pending = row[row.indexOf("pending") + 1];
        if (lag === 0 && pending === 0) break;
        await Bun.sleep(100);
      }
    }
  }
  await Bun.sleep(1000);
  const after = await snapshot();
  expect(after).toEqual(before);
  const newForBatch = socket.received.slice(seenBefore).filter((n) => n.batch_id === batchId);
  expect(newForBatch.map((n) => n.type)).toEqual([]);
  socket.close();
});
