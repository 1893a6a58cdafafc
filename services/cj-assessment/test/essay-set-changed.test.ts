import { afterAll, beforeAll, describe, expect, setDefaultTimeout, test } from "bun:test";
import { publishEnvelope } from "@shared/bus/publisher.ts";
import { CJAssessmentCompletedTopic } from "@shared/contracts/events/cj.ts";
import { EssaySlotContentReplacedTopic, EssaySlotRemovedTopic } from "@shared/contracts/events/lifecycle.ts";
import { makeEnvelope } from "@shared/contracts/topics.ts";
import { eventsOn, essayOfQuality, startCjFixture, waitFor, type CjFixture } from "./support/cj-fixture.ts";
import { startLpsStandIn, type StandIn } from "./support/lps-stand-in.ts";

setDefaultTimeout(40_000);

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

async function essays(batch: string, n: number) {
  return Promise.all(Array.from({ length: n }, async (_, i) => ({ essay_id: `${batch}-e${i}`, text_storage_id: await fx.storeText(essayOfQuality(i, `${batch}${i}`)) })));
}
const rowsOf = (batchId: string) => ({
  batches: fx.sql("SELECT batch_id FROM cj_batches WHERE batch_id = ?", batchId).length,
  items: fx.sql("SELECT item_index FROM cj_items WHERE batch_id = ?", batchId).length,
});
async function completions(batchId: string, n: number) {
  return waitFor(`${n} completion(s)`, async () => {
    const found = await eventsOn(fx.client, CJAssessmentCompletedTopic, batchId);
    return found.length >= n ? found : undefined;
  });
}

describe("a batch whose essays change after its CJ run", () => {
  test("a replaced text erases the finished run (no old text kept) and the next request ranks the batch again", async () => {
    const batchId = "changed-" + crypto.randomUUID();
    const refs = await essays(batchId, 5);
    await fx.requestAssessment({ batch_id: batchId, essays: refs, cj_settings: { total_budget: 10, seed: 5 } });
    await completions(batchId, 1);
    expect(rowsOf(batchId)).toEqual({ batches: 1, items: 5 });
    const oldText = fx.sql<{ text: string }>("SELECT text FROM cj_items WHERE batch_id = ? AND item_index = 0", batchId)[0]?.text;
    expect(oldText).toBeTruthy();

    const replaced = makeEnvelope(EssaySlotContentReplacedTopic, {
      data: {
        batch_id: batchId, user_id: "teacher-1", essay_id: refs[0]!.essay_id, file_upload_id: "f-0", replacement_id: "r-1",
        original_file_name: "essay-1.txt", text_storage_id: await fx.storeText(essayOfQuality(9, "replacement")),
      },
      source: "essay-lifecycle", correlationId: "c",
    });
    await publishEnvelope(fx.client, EssaySlotContentReplacedTopic, replaced);
    await waitFor("run erased", () => (rowsOf(batchId).batches === 0 ? true : undefined));
    expect(rowsOf(batchId)).toEqual({ batches: 0, items: 0 });
    expect(fx.sql("SELECT item_index FROM cj_items WHERE text = ?", oldText!)).toEqual([]);
    await publishEnvelope(fx.client, EssaySlotContentReplacedTopic, replaced); // redelivered: nothing more to do

    // Without the erasure this request was ignored as a batch already known, and the pipeline never finished.
    await fx.requestAssessment({ batch_id: batchId, essays: refs, cj_settings: { total_budget: 10, seed: 5 } });
    const done = await completions(batchId, 2);
    expect(done[1]?.data.status).toBe("success");
  });

  test("a change while a run is open keeps the run", async () => {
    const batchId = "open-" + crypto.randomUUID();
    const refs = await essays(batchId, 4);
    await lps.stop();
    await fx.requestAssessment({ batch_id: batchId, essays: refs, cj_settings: { total_budget: 8, seed: 2 } });
    await waitFor("CJ batch open", () => (rowsOf(batchId).batches === 1 ? true : undefined));
    const removed = makeEnvelope(EssaySlotRemovedTopic, {
      data: { batch_id: batchId, user_id: "teacher-1", essay_id: refs[3]!.essay_id, file_upload_id: null, expected_count: 3 },
      source: "essay-lifecycle", correlationId: "c",
    });
    await publishEnvelope(fx.client, EssaySlotRemovedTopic, removed);
    await waitFor("warning logged", () => fx.logger.lines.find((l) => l.batch_id === batchId && String(l.msg).includes("while its CJ run is open")));
    expect(rowsOf(batchId)).toEqual({ batches: 1, items: 4 });
    lps = await startLpsStandIn({ redis: fx.redis.client() });
    await completions(batchId, 1);
  });
});
