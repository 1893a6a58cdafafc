import { afterAll, beforeAll, describe, expect, setDefaultTimeout, test } from "bun:test";
import { CJAssessmentCompletedTopic } from "@shared/contracts/events/cj.ts";
import { AssessmentResultPublishedTopic } from "@shared/contracts/events/cj-results.ts";
import type { LlmComparisonRequest } from "@shared/contracts/events/llm.ts";
import { eventsOn, essayOfQuality, startCjFixture, waitFor, type CjFixture } from "./support/cj-fixture.ts";
import { startLpsStandIn, type Behaviour, type StandIn } from "./support/lps-stand-in.ts";

setDefaultTimeout(30_000);

let fx: CjFixture;
let lps: StandIn;
const behaviours = new Map<string, (request: LlmComparisonRequest, nth: number) => Behaviour>();
const seen = new Map<string, number>();

beforeAll(async () => {
  fx = await startCjFixture({ CJ_MONITOR_INTERVAL_MS: "100", CJ_STALL_TIMEOUT_MS: "400", CJ_MAX_STALL_RECOVERIES: "1" });
  lps = await startLpsStandIn({
    redis: fx.redis.client(),
    behaviour: (request) => {
      const batchId = request.metadata.batch_id ?? "";
      seen.set(batchId, (seen.get(batchId) ?? 0) + 1);
      return behaviours.get(batchId)?.(request, seen.get(batchId)!) ?? {};
    },
  });
});
afterAll(async () => {
  await lps.stop();
  await fx.stop();
});

async function startBatch(behaviour: (request: LlmComparisonRequest, nth: number) => Behaviour) {
  const batchId = "stall-" + crypto.randomUUID();
  behaviours.set(batchId, behaviour);
  const essays = await Promise.all([0, 1, 2, 3].map(async (q) => ({ essay_id: `${batchId}-e${q}`, text_storage_id: await fx.storeText(essayOfQuality(q, `${batchId}${q}`)) })));
  await fx.requestAssessment({ batch_id: batchId, essays, cj_settings: { total_budget: 6, seed: 1 } });
  return batchId;
}

const requestsOf = (batchId: string) => lps.requests.filter((r) => r.metadata.batch_id === batchId);

describe("the stall monitor", () => {
  test("re-issues a request whose callback never came, and the batch completes once", async () => {
    const batchId = await startBatch((_r, nth) => (nth === 2 ? { drop: true } : {}));
    await waitFor("stalled", () => (requestsOf(batchId).length === 6 ? true : undefined));
    await Bun.sleep(150);
    expect(await eventsOn(fx.client, CJAssessmentCompletedTopic, batchId)).toHaveLength(0);
    const done = await waitFor("completion", async () => (await eventsOn(fx.client, CJAssessmentCompletedTopic, batchId))[0]);
    expect(done.data.status).toBe("success");
    const asked = requestsOf(batchId);
    expect(asked).toHaveLength(7);
    expect(asked[6]!.metadata.pair_id).toBe(asked[1]!.metadata.pair_id);
    expect(fx.logger.lines.some((l) => l.batch_id === batchId && l.msg === "callbacks stalled; missing requests re-issued")).toBe(true);
    const result = await waitFor("RAS result", async () => (await eventsOn(fx.client, AssessmentResultPublishedTopic, batchId))[0]);
    expect(result.data.comparisons_made).toBe(6);
    await Bun.sleep(600);
    expect(await eventsOn(fx.client, CJAssessmentCompletedTopic, batchId)).toHaveLength(1);
  });

  test("a pair whose callbacks never come is given up after the re-issues; the batch finishes with what it has", async () => {
    const key = (r: LlmComparisonRequest) => [r.essay_a.id, r.essay_b.id].sort().join("|");
    let silent: string | undefined;
    const batchId = await startBatch((request) => {
      silent ??= key(request);
      return key(request) === silent ? { drop: true } : {};
    });
    const result = await waitFor("RAS result", async () => (await eventsOn(fx.client, AssessmentResultPublishedTopic, batchId))[0], 20_000);
    expect(result.data).toMatchObject({ comparisons_made: 5, finish_reason: "pairs_exhausted" });
    // (first ask + 1 re-issue) in each of the two rounds that planned the pair
    expect(requestsOf(batchId).filter((r) => key(r) === silent)).toHaveLength(4);
    expect(await eventsOn(fx.client, CJAssessmentCompletedTopic, batchId)).toHaveLength(1);
  });
});
