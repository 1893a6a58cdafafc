import { afterAll, beforeAll, expect, test } from "bun:test";
import { loadSamples } from "../../scripts/demo/samples.ts";
import { parseEntries } from "../../shared/bus/streams.ts";
import { CJAssessmentCompletedTopic } from "../../shared/contracts/events/cj.ts";
import { AssessmentResultPublishedTopic } from "../../shared/contracts/events/cj-results.ts";
import { ResourceConsumptionTopic } from "../../shared/contracts/events/entitlements.ts";
import { LlmComparisonCompletedTopic } from "../../shared/contracts/events/llm.ts";
import { startFakeAnthropic, type FakeAnthropicServer } from "../fakes/anthropic-server.ts";
import { readyBatch, waitForStatus } from "./support/batches.ts";
import { eventually, startE2EStack, type E2EStack } from "./support/e2e-stack.ts";
import { signUpTeacher, type Teacher } from "./support/teachers.ts";

// The vendor is the only fake: a local server speaking the Anthropic Messages protocol, slow
// enough (120 ms a call) that the CJ process can be killed while a round is half answered.
let vendor: FakeAnthropicServer;
let e2e: E2EStack;
let teacher: Teacher;

beforeAll(async () => {
  vendor = startFakeAnthropic({ apiKey: "sk-test" });
  vendor.setDefault((body) => ({ kind: "verdict", winner: JSON.stringify(body).length % 2 ? "essay_a" : "essay_b", delayMs: 120 }));
  e2e = await startE2EStack({
    ANTHROPIC_API_KEY: "sk-test", LPS_ANTHROPIC_BASE_URL: vendor.url, LPS_CONCURRENCY: "2",
    LPS_REQUESTS_PER_MINUTE: "100000", LPS_TOKENS_PER_MINUTE: "100000000",
    CJ_MONITOR_INTERVAL_MS: "3600000", CJ_STALL_TIMEOUT_MS: "3600000",
  });
  teacher = await signUpTeacher(e2e);
}, 120_000);
afterAll(async () => {
  await e2e?.stop();
  vendor?.stop();
});

async function forBatch(stream: string, batchId: string, pick: (data: Record<string, unknown>) => unknown = (d) => d.batch_id) {
  return parseEntries(await e2e.redis.client().xrange(stream, "-", "+"))
    .map((e) => JSON.parse(e.fields.envelope ?? "{}").data as Record<string, unknown>)
    .filter((d) => pick(d) === batchId);
}

test("killing the CJ process mid-batch and starting it again finishes the batch with one completion", async () => {
  const samples = loadSamples();
  const batchId = await readyBatch(e2e, teacher, samples.essays.slice(0, 8).map((e) => e.text), {
    prompt: (await e2e.client(teacher.token).POST("/v1/prompts", { body: { text: samples.prompt } })).data as never,
  });
  const api = e2e.client(teacher.token);
  await api.POST("/v1/batches/{batch_id}/pipelines", { params: { path: { batch_id: batchId } }, body: { requested_pipeline: "cj_assessment" } });
  const resultsFor = () => forBatch(LlmComparisonCompletedTopic.name, batchId, (d) => (d.metadata as { batch_id?: string }).batch_id);
  await eventually("some comparisons answered", async () => ((await resultsFor()).length >= 4 ? true : undefined), 60_000);
  await e2e.stack.kill("cj-assessment", "SIGKILL");
  const atKill = (await resultsFor()).length;
  await Bun.sleep(1500); // the vendor keeps answering; results wait in the stream
  expect((await forBatch(CJAssessmentCompletedTopic.name, batchId)).length).toBe(0);
  await e2e.stack.restart("cj-assessment");

  expect(await waitForStatus(api, batchId, ["COMPLETED_SUCCESSFULLY"], 120_000)).toBe("COMPLETED_SUCCESSFULLY");
  await Bun.sleep(1000);
  const totalResults = (await resultsFor()).length;
  console.log(`CJ crash e2e: killed after ${atKill} of ${totalResults} answers; vendor hits ${vendor.hits.length}`);
  expect(atKill).toBeLessThan(totalResults);
  const completions = await forBatch(CJAssessmentCompletedTopic.name, batchId);
  expect(completions.length).toBe(1);
  expect(completions[0]?.status).toBe("success");
  expect((await forBatch(AssessmentResultPublishedTopic.name, batchId)).length).toBe(1);
  expect((await forBatch(ResourceConsumptionTopic.name, batchId)).length).toBe(1);
  const { data: results } = await api.GET("/v1/batches/{batch_id}/results", { params: { path: { batch_id: batchId } } });
  expect((results?.essays as { cj_assessment: { rank: number } | null }[]).every((e) => typeof e.cj_assessment?.rank === "number")).toBe(true);
});
