// The nlp pipeline end to end with the bus on a real local Redis Cluster (3 masters, 2 replicas each):
// every service gets REDIS_CLUSTER_NODES from the launcher, its consumers read per hash slot, and its
// publishes wait for one replica (REDIS_WAIT_REPLICAS=1), so a master killed mid-pipeline loses nothing.
import { afterAll, beforeAll, expect, test } from "bun:test";
import { loadAllTopics } from "../../shared/contracts/all-topics.ts";
import { EssaySpellcheckCompletedTopic } from "../../shared/contracts/events/phase-results.ts";
import { eventually, startE2EClusterStack, type E2EClusterStack } from "./support/e2e-stack.ts";
import { readyBatch, waitForStatus } from "./support/batches.ts";
import { EXPECTED_CORRECTIONS, MISSPELT_ESSAYS } from "./support/essays.ts";
import { openNotificationSocket, type NotificationSocket } from "./support/notifications.ts";
import { signUpTeacher, storePrompt, type Teacher } from "./support/teachers.ts";

const SERVICES = ["content-service", "identity", "batch-conductor", "batch-orchestrator", "els-api", "els-worker", "file-service", "spellchecker", "nlp", "result-aggregator", "api-gateway"];
let e2e: E2EClusterStack;
let teacher: Teacher;

beforeAll(async () => {
  // Deliveries enough to outlast a failover (a handler whose publish fails meanwhile is retried).
  e2e = await startE2EClusterStack({ REDIS_WAIT_REPLICAS: "1", HULEEDU_BUS_MAX_DELIVERIES: "30" }, SERVICES, { replicasPerMaster: 2, nodeTimeoutMs: 1000 });
  teacher = await signUpTeacher(e2e);
}, 150_000);
afterAll(async () => {
  await e2e?.stop();
});

type EssayResult = { file_name: string; spellcheck?: { corrections: { original: string; replacement: string }[] }; nlp?: { metrics: Record<string, number | string | null> } };
const path = (batchId: string) => ({ params: { path: { batch_id: batchId } } });

async function runNlp(batchId: string, duringRun?: (socket: NotificationSocket) => Promise<void>): Promise<EssayResult[]> {
  const socket = await openNotificationSocket(e2e.gateway, teacher.token);
  const api = e2e.client(teacher.token);
  const { response } = await api.POST("/v1/batches/{batch_id}/pipelines", { ...path(batchId), body: { requested_pipeline: "nlp" } });
  expect(response.status).toBe(202);
  await duringRun?.(socket);
  await socket.waitFor("pipeline_completed", (n) => n.type === "pipeline_completed" && n.batch_id === batchId, 90_000);
  socket.close();
  expect(await waitForStatus(api, batchId, ["COMPLETED_SUCCESSFULLY"])).toBe("COMPLETED_SUCCESSFULLY");
  return eventually("results with nlp metrics", async () => {
    const { data } = await api.GET("/v1/batches/{batch_id}/results", path(batchId));
    const essays = (data?.essays ?? []) as EssayResult[];
    return essays.length === 4 && essays.every((e) => e.nlp?.metrics) ? essays : undefined;
  });
}

test("nlp pipeline on a Redis Cluster: phases run in order, results carry corrections and metrics, nothing dead-lettered", async () => {
  expect(e2e.stack.env.REDIS_CLUSTER_NODES).toBe(e2e.cluster.nodes);
  const topics = await loadAllTopics();
  const masters = new Set(await Promise.all(topics.slice(0, 12).map((t) => e2e.cluster.masterOf(t.name))));
  expect(masters.size).toBe(3); // the streams really are spread over the masters

  const prompt = await storePrompt(e2e, "Should schools ban mobile phones?");
  const batchId = await readyBatch(e2e, teacher, MISSPELT_ESSAYS, { prompt });
  const socket = await openNotificationSocket(e2e.gateway, teacher.token);
  const api = e2e.client(teacher.token);
  const { response } = await api.POST("/v1/batches/{batch_id}/pipelines", { ...path(batchId), body: { requested_pipeline: "nlp" } });
  expect(response.status).toBe(202);
  await socket.waitFor("pipeline_completed", (n) => n.type === "pipeline_completed" && n.batch_id === batchId);
  const phaseEvents = socket.received.filter((n) => n.batch_id === batchId && (n.type === "phase_started" || n.type === "phase_completed")).map((n) => `${n.type}:${n.data.phase}`);
  expect(phaseEvents.indexOf("phase_completed:spellcheck")).toBeGreaterThanOrEqual(0);
  expect(phaseEvents.indexOf("phase_completed:spellcheck")).toBeLessThan(phaseEvents.indexOf("phase_started:nlp"));
  socket.close();
  expect(await waitForStatus(api, batchId, ["COMPLETED_SUCCESSFULLY"])).toBe("COMPLETED_SUCCESSFULLY");

  const results = await eventually("results with nlp metrics", async () => {
    const { data } = await api.GET("/v1/batches/{batch_id}/results", path(batchId));
    const essays = (data?.essays ?? []) as EssayResult[];
    return essays.length === 4 && essays.every((e) => e.nlp?.metrics) ? essays : undefined;
  });
  for (const [index, original, replacement] of EXPECTED_CORRECTIONS) {
    const essay = results.find((e) => e.file_name === `essay-${index + 1}.txt`);
    expect(essay?.spellcheck?.corrections.map((c) => `${c.original}>${c.replacement}`)).toContain(`${original}>${replacement}`);
  }
  for (const essay of results) expect(Number(essay.nlp?.metrics.word_count)).toBeGreaterThan(30);

  const redis = e2e.cluster.client();
  const depths = await Promise.all(topics.map(async (t) => [t.dlq, await redis.xlen(t.dlq)] as const));
  expect(depths.filter(([, n]) => n > 0)).toEqual([]);
}, 150_000);

test("a master killed mid-pipeline (its replica promoted): the pipeline still completes with every essay's results", async () => {
  const victim = await e2e.cluster.masterOf(EssaySpellcheckCompletedTopic.name);
  const prompt = await storePrompt(e2e, "Should schools ban mobile phones?");
  const batchId = await readyBatch(e2e, teacher, MISSPELT_ESSAYS, { prompt });
  let completedBeforeKill = true;
  const results = await runNlp(batchId, async (socket) => {
    // As soon as spellcheck starts (its results go through the victim's slots); a fixed sleep was
    // outlasted by the whole pipeline once essays were handled a read at a time.
    await socket.waitFor("spellcheck started", (n) => n.type === "phase_started" && n.batch_id === batchId && n.data.phase === "spellcheck", 30_000);
    completedBeforeKill = socket.received.some((n) => n.type === "pipeline_completed" && n.batch_id === batchId);
    await e2e.cluster.kill(victim);
  });
  expect(completedBeforeKill).toBe(false); // the kill really came mid-pipeline
  expect(await e2e.cluster.masterOf(EssaySpellcheckCompletedTopic.name)).not.toBe(victim);
  for (const [index, original, replacement] of EXPECTED_CORRECTIONS) {
    const essay = results.find((e) => e.file_name === `essay-${index + 1}.txt`);
    expect(essay?.spellcheck?.corrections.map((c) => `${c.original}>${c.replacement}`)).toContain(`${original}>${replacement}`);
  }
  for (const essay of results) expect(Number(essay.nlp?.metrics.word_count)).toBeGreaterThan(30);
}, 150_000);
