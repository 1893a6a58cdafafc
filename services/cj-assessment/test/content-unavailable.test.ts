import { afterAll, beforeAll, expect, setDefaultTimeout, test } from "bun:test";
import { CJAssessmentCompletedTopic } from "@shared/contracts/events/cj.ts";
import { CJAssessmentRequestedTopic } from "@shared/contracts/events/els.ts";
import { freePort } from "@shared/testing/ports.ts";
import { eventsOn, startCjFixture, waitFor, type CjFixture } from "./support/cj-fixture.ts";

setDefaultTimeout(30_000);

let fx: CjFixture;

beforeAll(async () => {
  // Nothing listens where the content service should be.
  fx = await startCjFixture({ CONTENT_SERVICE_URL: `http://127.0.0.1:${await freePort()}`, HULEEDU_BUS_MAX_DELIVERIES: "2", CJ_CONTENT_TIMEOUT_MS: "300" });
});
afterAll(() => fx.stop());

test("content service down: the request is retried, and on its last delivery the essays fail instead of the batch hanging", async () => {
  const batchId = "down-" + crypto.randomUUID();
  const essays = [0, 1, 2].map((i) => ({ essay_id: `${batchId}-e${i}`, text_storage_id: crypto.randomUUID() }));
  await fx.requestAssessment({ batch_id: batchId, essays });
  const done = await waitFor("completion", async () => (await eventsOn(fx.client, CJAssessmentCompletedTopic, batchId))[0]);
  expect(done.data.status).toBe("failed");
  expect(done.data.essay_outcomes.map((o) => o.status)).toEqual(["failed", "failed", "failed"]);
  const [row] = fx.sql<{ failed_essays: string }>("SELECT failed_essays FROM cj_batches WHERE batch_id = ?", batchId);
  expect(JSON.parse(row!.failed_essays).map((f: { reason: string }) => f.reason)).toEqual(["content_unavailable", "content_unavailable", "content_unavailable"]);
  expect(fx.logger.lines.some((l) => l.batch_id === batchId && l.msg === "handler failed; entry stays pending for retry")).toBe(true);
  expect(await fx.client.xlen(CJAssessmentRequestedTopic.dlq)).toBe(0);
});
