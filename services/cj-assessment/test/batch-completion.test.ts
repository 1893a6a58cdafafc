import { afterAll, beforeAll, describe, expect, setDefaultTimeout, test } from "bun:test";
import { CJAssessmentCompletedTopic } from "@shared/contracts/events/cj.ts";
import { AssessmentResultPublishedTopic } from "@shared/contracts/events/cj-results.ts";
import { ResourceConsumptionTopic } from "@shared/contracts/events/entitlements.ts";
import { eventsOn, essayOfQuality, startCjFixture, waitFor, type CjFixture } from "./support/cj-fixture.ts";
import { startLpsStandIn, type StandIn } from "./support/lps-stand-in.ts";

setDefaultTimeout(30_000);

let fx: CjFixture;
let lps: StandIn;

beforeAll(async () => {
  fx = await startCjFixture();
  lps = await startLpsStandIn({ redis: fx.redis.client() });
});
afterAll(async () => {
  await lps.stop();
  await fx.stop();
});

async function essays(batch: string, qualities: readonly number[]) {
  return Promise.all(qualities.map(async (q, i) => ({ essay_id: `${batch}-e${i}`, text_storage_id: await fx.storeText(essayOfQuality(q, `${batch}${i}`)) })));
}

describe("a 4-essay batch", () => {
  test("finishes as soon as its 6 comparisons are back, with one completion, one result and one consumption", async () => {
    const batchId = "b4-" + crypto.randomUUID();
    const refs = await essays(batchId, [0, 3, 1, 2]);
    const before = lps.requests.length;
    const started = Date.now();
    await fx.requestAssessment({ batch_id: batchId, essays: refs, cj_settings: { total_budget: 350, seed: 7 } });
    const [completed] = await waitFor("completion", async () => {
      const found = await eventsOn(fx.client, CJAssessmentCompletedTopic, batchId);
      return found.length > 0 ? found : undefined;
    });
    expect(Date.now() - started).toBeLessThan(5000);
    expect(lps.requests.length - before).toBe(6);
    expect(completed!.data.status).toBe("success");
    expect(completed!.data.essay_outcomes.map((o) => o.status)).toEqual(["success", "success", "success", "success"]);
    const rankById = Object.fromEntries(completed!.data.rankings!.map((r) => [r.essay_id, r.rank]));
    expect([rankById[`${batchId}-e1`], rankById[`${batchId}-e3`], rankById[`${batchId}-e2`], rankById[`${batchId}-e0`]]).toEqual([1, 2, 3, 4]);

    const result = await waitFor("RAS result", async () => (await eventsOn(fx.client, AssessmentResultPublishedTopic, batchId))[0]);
    expect(result.data.comparisons_made).toBe(6);
    expect(result.data.finish_reason).toBe("budget_reached");
    expect(result.data.essays.every((e) => e.grade === null && e.standard_error > 0)).toBe(true);
    const consumption = await waitFor("consumption", async () => (await eventsOn(fx.client, ResourceConsumptionTopic, batchId))[0]);
    expect(consumption.data).toMatchObject({ user_id: "teacher-1", resource: "cj_comparison", quantity: 6 });
    await Bun.sleep(300);
    expect(await eventsOn(fx.client, CJAssessmentCompletedTopic, batchId)).toHaveLength(1);
    expect(await eventsOn(fx.client, AssessmentResultPublishedTopic, batchId)).toHaveLength(1);
    expect(await eventsOn(fx.client, ResourceConsumptionTopic, batchId)).toHaveLength(1);
    expect(fx.sql<{ state: string }>("SELECT state FROM cj_batches WHERE batch_id = ?", batchId)[0]?.state).toBe("COMPLETED");
  });
});
