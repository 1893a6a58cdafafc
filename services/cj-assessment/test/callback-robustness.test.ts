import { afterAll, beforeAll, describe, expect, setDefaultTimeout, test } from "bun:test";
import { CJAssessmentCompletedTopic } from "@shared/contracts/events/cj.ts";
import { AssessmentResultPublishedTopic } from "@shared/contracts/events/cj-results.ts";
import { ResourceConsumptionTopic } from "@shared/contracts/events/entitlements.ts";
import type { LlmComparisonRequest } from "@shared/contracts/events/llm.ts";
import { eventsOn, essayOfQuality, startCjFixture, waitFor, type CjFixture } from "./support/cj-fixture.ts";
import { startLpsStandIn, type Behaviour, type StandIn } from "./support/lps-stand-in.ts";

setDefaultTimeout(30_000);

let fx: CjFixture;
let lps: StandIn;
const behaviours = new Map<string, (request: LlmComparisonRequest, nth: number) => Behaviour>();
const seenPerBatch = new Map<string, number>();

beforeAll(async () => {
  fx = await startCjFixture({ CJ_PAIR_RETRY_LIMIT: "2", CJ_PAIR_ABANDON_LIMIT: "2" });
  lps = await startLpsStandIn({
    redis: fx.redis.client(),
    behaviour: (request) => {
      const batchId = request.metadata.batch_id ?? "";
      const nth = (seenPerBatch.get(batchId) ?? 0) + 1;
      seenPerBatch.set(batchId, nth);
      return behaviours.get(batchId)?.(request, nth) ?? {};
    },
  });
});
afterAll(async () => {
  await lps.stop();
  await fx.stop();
});

async function startBatch(qualities: readonly number[], behaviour?: (request: LlmComparisonRequest, nth: number) => Behaviour, missing: number[] = []) {
  const batchId = "rb-" + crypto.randomUUID();
  if (behaviour) behaviours.set(batchId, behaviour);
  const essays = await Promise.all(qualities.map(async (q, i) => ({
    essay_id: `${batchId}-e${i}`,
    text_storage_id: missing.includes(i) ? crypto.randomUUID() : await fx.storeText(essayOfQuality(q, `${batchId}${i}`)),
  })));
  await fx.requestAssessment({ batch_id: batchId, essays, cj_settings: { total_budget: 100, seed: 3 } });
  return batchId;
}

async function completion(batchId: string) {
  return waitFor("completion", async () => (await eventsOn(fx.client, CJAssessmentCompletedTopic, batchId))[0]);
}

function counts(batchId: string) {
  const pairs = fx.sql<{ status: string; n: number }>("SELECT status, COUNT(*) AS n FROM cj_pairs WHERE batch_id = ? GROUP BY status", batchId);
  const requests = fx.sql<{ status: string; n: number }>("SELECT status, COUNT(*) AS n FROM cj_requests WHERE batch_id = ? GROUP BY status", batchId);
  return { pairs: Object.fromEntries(pairs.map((r) => [r.status, r.n])), requests: Object.fromEntries(requests.map((r) => [r.status, r.n])) };
}

const requestsOf = (batchId: string) => lps.requests.filter((r) => r.metadata.batch_id === batchId);

describe("callbacks that misbehave", () => {
  test("duplicate, redelivered and late callbacks do not change counts or events", async () => {
    const batchId = await startBatch([0, 1, 2, 3], () => ({ duplicates: 2, redeliver: true }));
    await completion(batchId);
    const afterCompletion = counts(batchId);
    const ignored = () => fx.logger.lines.filter((l) => l.batch_id === batchId && l.msg === "comparison result changes nothing").length;
    const ignoredBefore = ignored();
    await lps.replayAsNewEvents(); // every result again, after the batch is final
    await waitFor("late results ignored", () => (ignored() >= ignoredBefore + lps.published.filter((e) => e.data.metadata.batch_id === batchId).length / 2 ? true : undefined));
    await Bun.sleep(200);
    expect(afterCompletion).toEqual({ pairs: { ANSWERED: 6 }, requests: { SUCCEEDED: 6 } });
    expect(counts(batchId)).toEqual(afterCompletion);
    expect(requestsOf(batchId)).toHaveLength(6);
    expect(await eventsOn(fx.client, CJAssessmentCompletedTopic, batchId)).toHaveLength(1);
    const results = await eventsOn(fx.client, AssessmentResultPublishedTopic, batchId);
    expect(results.map((r) => r.data.comparisons_made)).toEqual([6]);
    expect((await eventsOn(fx.client, ResourceConsumptionTopic, batchId)).map((e) => e.data.quantity)).toEqual([6]);
    const metrics = await (await fetch(`${fx.cj.url}/metrics`)).text();
    expect(metrics).toMatch(/cj_comparison_results_total\{[^}]*kind="duplicate"[^}]*\} [1-9]/);
    expect(metrics).toMatch(/cj_comparison_results_total\{[^}]*kind="redelivered"[^}]*\} [1-9]/);
  });

  test("an error result does not count and its pair is asked again, in the same positions", async () => {
    const batchId = await startBatch([0, 1, 2, 3], (_request, nth) => (nth === 1 ? { error: "provider_overloaded" } : {}));
    const done = await completion(batchId);
    expect(done.data.status).toBe("success");
    const asked = requestsOf(batchId);
    expect(asked).toHaveLength(7);
    const failed = asked[0]!;
    const retry = asked.find((r, i) => i > 0 && r.metadata.pair_id === failed.metadata.pair_id)!;
    expect(retry.request_id).not.toBe(failed.request_id);
    expect([retry.essay_a.id, retry.essay_b.id]).toEqual([failed.essay_a.id, failed.essay_b.id]);
    expect(counts(batchId)).toEqual({ pairs: { ANSWERED: 6 }, requests: { SUCCEEDED: 6, ERRORED: 1 } });
    const result = await waitFor("RAS result", async () => (await eventsOn(fx.client, AssessmentResultPublishedTopic, batchId))[0]);
    expect(result.data.comparisons_made).toBe(6);
  });

  test("a pair that always errors is retried, abandoned, planned once more, then given up: the batch still finishes", async () => {
    const cursed = (r: LlmComparisonRequest) => [r.essay_a.id, r.essay_b.id].sort().join("|");
    let target: string | undefined;
    const batchId = await startBatch([0, 1, 2, 3], (request) => {
      target ??= cursed(request);
      return cursed(request) === target ? { error: "content_policy" } : {};
    });
    const done = await completion(batchId);
    expect(done.data.status).toBe("success");
    expect(done.data.essay_outcomes.every((o) => o.status === "success")).toBe(true);
    const cursedAsks = requestsOf(batchId).filter((r) => cursed(r) === target);
    expect(cursedAsks).toHaveLength(6); // (1 + 2 retries) × 2 plannings
    expect(counts(batchId)).toEqual({ pairs: { ANSWERED: 5, ABANDONED: 2 }, requests: { SUCCEEDED: 5, ERRORED: 6 } });
    const result = await waitFor("RAS result", async () => (await eventsOn(fx.client, AssessmentResultPublishedTopic, batchId))[0]);
    expect(result.data).toMatchObject({ comparisons_made: 5, finish_reason: "pairs_exhausted" });
    expect((await eventsOn(fx.client, ResourceConsumptionTopic, batchId)).map((e) => e.data.quantity)).toEqual([5]);
  });

  test("an essay whose text is missing fails alone; the others are compared", async () => {
    const batchId = await startBatch([0, 1, 2, 3], undefined, [2]);
    const done = await completion(batchId);
    const outcome = Object.fromEntries(done.data.essay_outcomes.map((o) => [o.essay_id, o.status]));
    expect(outcome).toEqual({ [`${batchId}-e0`]: "success", [`${batchId}-e1`]: "success", [`${batchId}-e3`]: "success", [`${batchId}-e2`]: "failed" });
    expect(requestsOf(batchId)).toHaveLength(3);
  });

  test("a batch with no readable essay fails at once: a failed outcome, no result, no consumption", async () => {
    const batchId = await startBatch([0, 1], undefined, [0, 1]);
    const done = await completion(batchId);
    expect(done.data.status).toBe("failed");
    expect(done.data.essay_outcomes.map((o) => o.status)).toEqual(["failed", "failed"]);
    await Bun.sleep(300);
    expect(await eventsOn(fx.client, AssessmentResultPublishedTopic, batchId)).toHaveLength(0);
    expect(await eventsOn(fx.client, ResourceConsumptionTopic, batchId)).toHaveLength(0);
    expect(fx.sql<{ state: string }>("SELECT state FROM cj_batches WHERE batch_id = ?", batchId)[0]?.state).toBe("FAILED");
  });

  test("a second request for the same batch changes nothing", async () => {
    const batchId = await startBatch([0, 1, 2]);
    await completion(batchId);
    const essays = [0, 1, 2].map((i) => ({ essay_id: `${batchId}-e${i}`, text_storage_id: crypto.randomUUID() }));
    await fx.requestAssessment({ batch_id: batchId, essays });
    await waitFor("ignored", () => (fx.logger.lines.some((l) => l.batch_id === batchId && String(l.msg).includes("already known")) ? true : undefined));
    expect(requestsOf(batchId)).toHaveLength(3);
    expect(await eventsOn(fx.client, CJAssessmentCompletedTopic, batchId)).toHaveLength(1);
  });
});
