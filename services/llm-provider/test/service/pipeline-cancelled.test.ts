import { afterAll, beforeAll, expect, test } from "bun:test";
import { Database } from "bun:sqlite";
import { join } from "node:path";
import { publishEnvelope } from "@shared/bus/publisher.ts";
import { PipelineCancelledTopic } from "@shared/contracts/events/pipeline-control.ts";
import { makeEnvelope } from "@shared/contracts/topics.ts";
import { STRONG, WEAK } from "../fixtures/essays.ts";
import { comparisonRequest, comparisonResults, eventually, type Harness, publishComparison, startHarness, waitForResults } from "./harness.ts";

let h: Harness;
const dbPath = () => join(h.dir, "lps-cancel.sqlite");
beforeAll(async () => {
  h = await startHarness();
  // One slow local judge taking one request at a time (not a block of 32): the first request is in flight while the others wait in the queue.
  await h.startLps({ LPS_DB_PATH: dbPath(), LPS_CONCURRENCY: "1", LPS_LOCAL_BATCH_SIZE: "1", LPS_LOCAL_JUDGE_DELAY_MS: "400" });
});
afterAll(async () => {
  await h.stop();
});

const statuses = (batchId: string) => {
  const db = new Database(dbPath(), { readonly: true });
  const rows = db.query("SELECT status FROM llm_requests WHERE batch_id = ? ORDER BY enqueued_at_ms").all(batchId) as { status: string }[];
  db.close();
  return rows.map((r) => r.status);
};

test("a cancellation drops the batch's queued requests (no call, no result); the call in flight finishes; other batches are untouched", async () => {
  const mine = Array.from({ length: 4 }, () => {
    const r = comparisonRequest({ essay_a: { id: "w", text: WEAK }, essay_b: { id: "s", text: STRONG } });
    r.metadata = { ...r.metadata, batch_id: "batch-cancelled-01" };
    return r;
  });
  const theirs = comparisonRequest({ essay_a: { id: "w", text: WEAK }, essay_b: { id: "s", text: STRONG } });
  theirs.metadata = { ...theirs.metadata, batch_id: "batch-running-01" };
  for (const r of mine) await publishComparison(h.redis, r);
  await publishComparison(h.redis, theirs);
  await eventually(() => statuses("batch-cancelled-01").includes("in_progress") || undefined, 5000, "a call in flight");

  await publishEnvelope(h.redis, PipelineCancelledTopic, makeEnvelope(PipelineCancelledTopic, {
    data: {
      batch_id: "batch-cancelled-01", user_id: "u1", org_id: null, run_id: "run-1", pipeline: "cj_assessment",
      cancelled_phases: ["cj_assessment"], skipped_phases: [], completed_phases: [], cancelled_at: new Date().toISOString(),
    },
    source: "test", correlationId: "c",
  }));
  await waitForResults(h.redis, [theirs.request_id], 10_000);
  await Bun.sleep(600);
  const answered = new Set((await comparisonResults(h.redis)).map((r) => r.data.request_id));
  expect(mine.filter((r) => answered.has(r.request_id))).toHaveLength(1); // the one in flight
  expect(statuses("batch-cancelled-01").sort()).toEqual(["expired", "expired", "expired", "succeeded"]);
});
