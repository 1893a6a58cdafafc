import { afterAll, beforeAll, describe, expect, setDefaultTimeout, test } from "bun:test";
import { publishEnvelope } from "@shared/bus/publisher.ts";
import { CJAssessmentCompletedTopic } from "@shared/contracts/events/cj.ts";
import { ResourceConsumptionTopic } from "@shared/contracts/events/entitlements.ts";
import { CJAssessmentRequestedTopic } from "@shared/contracts/events/els.ts";
import { PipelineCancelledTopic } from "@shared/contracts/events/pipeline-control.ts";
import { makeEnvelope, type TopicData } from "@shared/contracts/topics.ts";
import { eventsOn, essayOfQuality, startCjFixture, waitFor, type CjFixture } from "./support/cj-fixture.ts";
import { startLpsStandIn, type StandIn } from "./support/lps-stand-in.ts";

setDefaultTimeout(30_000);

let fx: CjFixture;
let lps: StandIn;
// The first 3 requests of each batch are answered at once; the rest only after 1.5 s, so a
// cancellation lands while they are in flight.
const seenPerBatch = new Map<string, number>();
beforeAll(async () => {
  fx = await startCjFixture();
  lps = await startLpsStandIn({
    redis: fx.redis.client(),
    behaviour: (request) => {
      const batch = String(request.metadata.batch_id);
      const n = (seenPerBatch.get(batch) ?? 0) + 1;
      seenPerBatch.set(batch, n);
      return n <= 3 ? {} : { delayMs: 1500 };
    },
  });
});
afterAll(async () => {
  await lps.stop();
  await fx.stop();
});

async function essays(batch: string, n: number) {
  return Promise.all(Array.from({ length: n }, async (_, i) => ({ essay_id: `${batch}-e${i}`, text_storage_id: await fx.storeText(essayOfQuality(i, `${batch}${i}`)) })));
}
const cancellation = (batchId: string): TopicData<typeof PipelineCancelledTopic> => ({
  batch_id: batchId, user_id: "teacher-1", org_id: null, run_id: crypto.randomUUID(), pipeline: "cj_assessment",
  cancelled_phases: ["cj_assessment"], skipped_phases: [], completed_phases: ["spellcheck"], cancelled_at: new Date().toISOString(),
});
const requestsOf = (batchId: string) => lps.requests.filter((r) => r.metadata.batch_id === batchId).length;

describe("a cancelled CJ batch", () => {
  test("stops asking, charges only the comparisons answered before the cancellation, ignores late answers and can run again", async () => {
    const batchId = "cancel-" + crypto.randomUUID();
    const refs = await essays(batchId, 6);
    await fx.requestAssessment({ batch_id: batchId, essays: refs, cj_settings: { total_budget: 15, seed: 3 } });
    await waitFor("3 answered comparisons", () => {
      const n = fx.sql<{ n: number }>("SELECT count(*) AS n FROM cj_pairs WHERE batch_id = ? AND status = 'ANSWERED'", batchId)[0]?.n ?? 0;
      return n >= 3 ? n : undefined;
    });
    expect(requestsOf(batchId)).toBeGreaterThan(3);

    const cancel = makeEnvelope(PipelineCancelledTopic, { data: cancellation(batchId), source: "batch-orchestrator", correlationId: "c" });
    await publishEnvelope(fx.client, PipelineCancelledTopic, cancel);
    const [charge] = await waitFor("consumption", async () => {
      const found = await eventsOn(fx.client, ResourceConsumptionTopic, batchId);
      return found.length > 0 ? found : undefined;
    });
    // Until CJ has handled the cancellation it may still ask and hear answers (a busy machine): what
    // it asked by then is the baseline, and the charge is what was answered by then (3 or more).
    const asked = requestsOf(batchId);
    expect(charge?.data).toMatchObject({ resource: "cj_comparison", user_id: "teacher-1" });
    const charged = (charge?.data as { quantity: number }).quantity;
    expect(charged).toBeGreaterThanOrEqual(3);
    expect(charged).toBeLessThanOrEqual(asked);
    expect(fx.sql("SELECT * FROM cj_batches WHERE batch_id = ?", batchId)).toEqual([]);
    expect(fx.sql("SELECT * FROM cj_requests WHERE batch_id = ?", batchId)).toEqual([]);
    await publishEnvelope(fx.client, PipelineCancelledTopic, cancel); // redelivered: charged once

    // The delayed answers land after the cancellation: nothing is asked, counted, completed or charged.
    await Bun.sleep(2000);
    expect(requestsOf(batchId)).toBe(asked);
    expect(await eventsOn(fx.client, CJAssessmentCompletedTopic, batchId)).toEqual([]);
    expect(await eventsOn(fx.client, ResourceConsumptionTopic, batchId)).toHaveLength(1);

    // A request ELS sent before the cancellation, delivered only now, starts nothing.
    const stale = makeEnvelope(CJAssessmentRequestedTopic, {
      data: { language: "en", course_code: "ENG5", essay_instructions: "x", user_id: "teacher-1", batch_id: batchId, essays: refs },
      source: "essay-lifecycle", correlationId: "c",
    });
    stale.event_timestamp = new Date(Date.parse(cancel.data.cancelled_at) - 10).toISOString();
    await publishEnvelope(fx.client, CJAssessmentRequestedTopic, stale);
    await waitFor("stale request ignored", () => fx.logger.lines.some((l) => l.batch_id === batchId && l.msg === "CJ request of a cancelled pipeline; ignored"));
    expect(fx.sql("SELECT * FROM cj_batches WHERE batch_id = ?", batchId)).toEqual([]);

    // Requested again, a fresh CJ batch runs to its completion and is charged for its own comparisons.
    seenPerBatch.set(batchId, -100);
    await fx.requestAssessment({ batch_id: batchId, essays: refs, cj_settings: { total_budget: 15, seed: 3 } });
    const [completed] = await waitFor("completion", async () => {
      const found = await eventsOn(fx.client, CJAssessmentCompletedTopic, batchId);
      return found.length > 0 ? found : undefined;
    });
    expect(completed?.data.status).toBe("success");
    const charges = await waitFor("second consumption", async () => {
      const found = await eventsOn(fx.client, ResourceConsumptionTopic, batchId);
      return found.length === 2 ? found : undefined;
    });
    expect(charges[1]?.data.quantity).toBe(15);
  });
});
