import { afterAll, beforeAll, describe, expect, setDefaultTimeout, test } from "bun:test";
import { CJAssessmentCompletedTopic } from "@shared/contracts/events/cj.ts";
import { AssessmentResultPublishedTopic } from "@shared/contracts/events/cj-results.ts";
import { ResourceConsumptionTopic } from "@shared/contracts/events/entitlements.ts";
import { createMemoryLogger } from "@shared/observability/logger.ts";
import { loadCjConfig } from "../src/config.ts";
import { startCjAssessmentService } from "../src/service.ts";
import { eventsOn, essayOfQuality, startCjFixture, waitFor, type CjFixture } from "./support/cj-fixture.ts";
import { startLpsStandIn, type StandIn } from "./support/lps-stand-in.ts";

setDefaultTimeout(60_000);

let fx: CjFixture;
let lps: StandIn;

beforeAll(async () => {
  fx = await startCjFixture();
  lps = await startLpsStandIn({ redis: fx.redis.client(), behaviour: () => ({ delayMs: 30 }) });
});
afterAll(async () => {
  await lps.stop();
  await fx.stop();
});

async function essays(batchId: string, n: number) {
  return Promise.all(Array.from({ length: n }, async (_, i) => ({ essay_id: `${batchId}-e${i}`, text_storage_id: await fx.storeText(essayOfQuality(i, `${batchId}${i}`)) })));
}

const answeredFor = (batchId: string) => lps.published.filter((e) => e.data.metadata.batch_id === batchId).length;

describe("cj-assessment instances come and go", () => {
  test("stopped mid-batch with results pending, a new instance on the same database finishes it with ONE completion", async () => {
    const batchId = "kill-" + crypto.randomUUID();
    await fx.requestAssessment({ batch_id: batchId, essays: await essays(batchId, 10), cj_settings: { total_budget: 30, seed: 5 } });
    await waitFor("first answers", () => (answeredFor(batchId) >= 4 ? true : undefined));
    await fx.cj.stop();
    await Bun.sleep(600); // the stand-in keeps answering into the stream while no cj-assessment runs
    // Answers are waiting in the stream that no instance has applied yet.
    const [applied] = fx.sql<{ n: number }>("SELECT COUNT(*) AS n FROM cj_requests WHERE batch_id = ? AND status <> 'SENT'", batchId);
    expect(answeredFor(batchId)).toBeGreaterThan(applied!.n);
    const [row] = fx.sql<{ state: string }>("SELECT state FROM cj_batches WHERE batch_id = ?", batchId);
    expect(row?.state).toBe("WAITING_CALLBACKS");
    expect(await eventsOn(fx.client, CJAssessmentCompletedTopic, batchId)).toHaveLength(0);

    await fx.restartCj();
    const result = await waitFor("RAS result", async () => (await eventsOn(fx.client, AssessmentResultPublishedTopic, batchId))[0], 30_000);
    expect(result.data.comparisons_made).toBe(30);
    await Bun.sleep(1000); // room for a second completion to appear, were there one
    expect(await eventsOn(fx.client, CJAssessmentCompletedTopic, batchId)).toHaveLength(1);
    expect(await eventsOn(fx.client, AssessmentResultPublishedTopic, batchId)).toHaveLength(1);
    expect((await eventsOn(fx.client, ResourceConsumptionTopic, batchId)).map((e) => e.data.quantity)).toEqual([30]);
    const requests = fx.sql<{ status: string; n: number }>("SELECT status, COUNT(*) AS n FROM cj_requests WHERE batch_id = ? GROUP BY status", batchId);
    expect(requests).toEqual([{ status: "SUCCEEDED", n: 30 }]);
  });

  test("two instances on one database and consumer group finalise a batch once", async () => {
    const second = await startCjAssessmentService(loadCjConfig(fx.env), createMemoryLogger("cj-assessment-2"));
    try {
      const batchIds = Array.from({ length: 3 }, () => "pair-" + crypto.randomUUID());
      for (const batchId of batchIds) await fx.requestAssessment({ batch_id: batchId, essays: await essays(batchId, 6), cj_settings: { total_budget: 15, seed: 9 } });
      for (const batchId of batchIds) {
        await waitFor("consumption", async () => (await eventsOn(fx.client, ResourceConsumptionTopic, batchId))[0], 30_000);
      }
      await Bun.sleep(800);
      for (const batchId of batchIds) {
        expect(await eventsOn(fx.client, CJAssessmentCompletedTopic, batchId)).toHaveLength(1);
        expect((await eventsOn(fx.client, ResourceConsumptionTopic, batchId)).map((e) => e.data.quantity)).toEqual([15]);
      }
    } finally {
      await second.stop();
    }
  });
});
