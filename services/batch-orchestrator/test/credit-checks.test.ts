import { afterAll, beforeAll, describe, expect, test } from "bun:test";
import { PipelineDeniedTopic } from "@shared/contracts/events/batch.ts";
import { eventually, KEY, promptRef, startHarness, type Harness } from "./support/harness.ts";
import { awaitCommand, phaseCommands, readyBatch, requestPipeline, summaryOf } from "./support/flows.ts";
import { startFakeEntitlements, type FakeEntitlements } from "./support/fake-entitlements.ts";

// Batches from `readyBatch` have 3 essays, org "org-1" and cj_settings.total_budget 40.
let h: Harness;
let entitlements: FakeEntitlements;
beforeAll(async () => {
  entitlements = startFakeEntitlements(KEY);
  h = await startHarness({ BOS_ENTITLEMENTS_ENABLED: "true", ENTITLEMENTS_URL: entitlements.url, BOS_ENTITLEMENTS_TIMEOUT_MS: "300" });
});
afterAll(async () => {
  await h.stop();
  await entitlements.stop();
});

const deniedFor = async (batchId: string) => (await h.events<Record<string, unknown>>(PipelineDeniedTopic, batchId)).map((e) => e.data);
const awaitDenial = (batchId: string, ms = 8000) =>
  eventually(async () => { const d = await deniedFor(batchId); return d.length > 0 && d; }, ms, `denial of ${batchId}`);
const checksBy = (userId: string) => entitlements.requests.filter((r) => r.user_id === userId);
const bcsCallsFor = (batchId: string) => h.bcs.requests.filter((r) => r.batch_id === batchId);

describe("credit checks before LLM-spending pipelines", () => {
  test("enough credits: entitlements is asked (user, org, estimate) before BCS, and the pipeline starts", async () => {
    const batch = await readyBatch(h, { userId: "credit-ok", prompt: promptRef() });
    let checkedBeforeBcs = false;
    h.bcs.onRequest = (req) => {
      if (req.batch_id === batch.batchId) checkedBeforeBcs = checksBy("credit-ok").length === 1;
    };
    await requestPipeline(h, batch, "cj_assessment");
    await awaitCommand(h, "spellcheck", batch.batchId);
    expect(checkedBeforeBcs).toBe(true);
    // 3 essays: min(budget 40, 3·2/2 = 3) comparisons.
    expect(checksBy("credit-ok")).toEqual([{ user_id: "credit-ok", org_id: "org-1", resource: "cj_comparison", quantity: 3 }]);
    expect(await deniedFor(batch.batchId)).toHaveLength(0);
    const line = h.logger.lines.find((l) => l.msg === "credits checked" && l.batch_id === batch.batchId);
    expect(line).toMatchObject({ required: 3, allowed: true, essays: 3 });
  });

  test("insufficient credits: PipelineDenied INSUFFICIENT_CREDITS, the teacher is told, BCS is never asked", async () => {
    entitlements.balances.set("credit-poor", 2);
    const batch = await readyBatch(h, { userId: "credit-poor", prompt: promptRef() });
    const inbox = await h.listen("credit-poor");
    await requestPipeline(h, batch, "ai_feedback");
    const [denied] = await awaitDenial(batch.batchId);
    expect(denied).toEqual({
      batch_id: batch.batchId, requested_pipeline: "ai_feedback", user_id: "credit-poor",
      error_code: "INSUFFICIENT_CREDITS", compatibility_issue: "insufficient_credits",
      message: "Not enough credits to run ai_feedback on 3 essays: 6 needed (3 feedback texts), 2 available",
    });
    expect(checksBy("credit-poor")).toEqual([{ user_id: "credit-poor", org_id: "org-1", resource: "ai_feedback", quantity: 3 }]);
    await h.settled();
    expect(inbox.received.map((n) => n.type)).toEqual(["pipeline_denied"]);
    expect(inbox.received[0]?.data).toMatchObject({ requested_pipeline: "ai_feedback", error_code: "INSUFFICIENT_CREDITS", compatibility_issue: "insufficient_credits" });
    expect(bcsCallsFor(batch.batchId)).toHaveLength(0);
    expect((await summaryOf(h, batch.batchId)).status).toBe("READY_FOR_PIPELINE_EXECUTION");
    expect(await phaseCommands(h, "spellcheck", batch.batchId)).toHaveLength(0);
  });

  test("comprehensive asks for both resources and is denied when together they exceed the balance", async () => {
    // 3 comparisons (3 credits) and 3 feedback texts (6 credits) each fit 8 credits; together they do not.
    entitlements.balances.set("credit-both", 8);
    const batch = await readyBatch(h, { userId: "credit-both", prompt: promptRef() });
    await requestPipeline(h, batch, "comprehensive");
    const [denied] = await awaitDenial(batch.batchId);
    expect(checksBy("credit-both").map((r) => [r.resource, r.quantity])).toEqual([["cj_comparison", 3], ["ai_feedback", 3]]);
    expect(denied).toMatchObject({
      error_code: "INSUFFICIENT_CREDITS", compatibility_issue: "insufficient_credits",
      message: "Not enough credits to run comprehensive on 3 essays: 9 needed (3 comparisons + 3 feedback texts), 8 available",
    });
    entitlements.balances.set("credit-both", 9);
    await requestPipeline(h, batch, "comprehensive");
    await awaitCommand(h, "spellcheck", batch.batchId);
    expect(await deniedFor(batch.batchId)).toHaveLength(1);
  });

  test("pipelines without LLM calls are not checked", async () => {
    entitlements.balances.set("credit-free", 0);
    const batch = await readyBatch(h, { userId: "credit-free", prompt: promptRef() });
    await requestPipeline(h, batch, "nlp");
    await awaitCommand(h, "spellcheck", batch.batchId);
    expect(checksBy("credit-free")).toHaveLength(0);
  });

  test("entitlements briefly unavailable or too slow: the request is retried and then accepted", async () => {
    const batch = await readyBatch(h, { userId: "credit-retry", prompt: promptRef() });
    entitlements.failNext(1, 503);
    await requestPipeline(h, batch, "cj_assessment");
    await awaitCommand(h, "spellcheck", batch.batchId);
    expect(checksBy("credit-retry")).toHaveLength(2);
    expect(bcsCallsFor(batch.batchId)).toHaveLength(1);

    const slow = await readyBatch(h, { userId: "credit-slow", prompt: promptRef() });
    entitlements.delayNext(1, 1000);
    await requestPipeline(h, slow, "cj_assessment");
    await awaitCommand(h, "spellcheck", slow.batchId);
    expect(checksBy("credit-slow")).toHaveLength(2);
    expect(h.logger.lines.some((l) => l.msg === "handler failed; entry stays pending for retry" && String(JSON.stringify(l.error)).includes("did not answer within 300 ms"))).toBe(true);
    expect(await deniedFor(batch.batchId)).toHaveLength(0);
    expect(await deniedFor(slow.batchId)).toHaveLength(0);
  });

  test("entitlements down for every delivery: the last delivery denies with EXTERNAL_SERVICE_ERROR", async () => {
    const batch = await readyBatch(h, { userId: "credit-down", prompt: promptRef() });
    entitlements.failNext(100, 503);
    await requestPipeline(h, batch, "cj_assessment");
    const [denied] = await awaitDenial(batch.batchId, 15_000);
    entitlements.failNext(0, 503);
    expect(denied).toMatchObject({ error_code: "EXTERNAL_SERVICE_ERROR", compatibility_issue: null });
    expect(String(denied?.message)).toStartWith("Credits could not be checked");
    expect(checksBy("credit-down")).toHaveLength(5);
    expect(bcsCallsFor(batch.batchId)).toHaveLength(0);
    expect((await summaryOf(h, batch.batchId)).status).toBe("READY_FOR_PIPELINE_EXECUTION");
  });
});
