import { afterAll, beforeAll, expect, test } from "bun:test";
import { Database } from "bun:sqlite";
import { join } from "node:path";
import { publishEnvelope } from "@shared/bus/publisher.ts";
import { parseEntries } from "@shared/bus/streams.ts";
import { BatchErasureRequestedTopic, BatchErasureStepCompletedTopic } from "@shared/contracts/events/lifecycle.ts";
import { LlmComparisonRequestedTopic } from "@shared/contracts/events/llm.ts";
import { makeEnvelope } from "@shared/contracts/topics.ts";
import type { RunningLps } from "../../src/service.ts";
import { STRONG, WEAK } from "../fixtures/essays.ts";
import { comparisonRequest, eventually, type Harness, publishComparison, startHarness, waitForResults } from "./harness.ts";

let h: Harness;
let lps: RunningLps;
const dbPath = () => join(h.dir, "lps-erasure.sqlite");

beforeAll(async () => {
  h = await startHarness();
  lps = await h.startLps({ LPS_DB_PATH: dbPath() });
});
afterAll(async () => {
  await h.stop();
});

const requestRows = (batchId: string) => {
  const db = new Database(dbPath(), { readonly: true });
  const rows = db.query("SELECT count(*) AS n FROM llm_requests WHERE batch_id = ?").get(batchId) as { n: number };
  db.close();
  return rows.n;
};
/** Payloads (essay texts) naming the batch, and payloads whose request row is gone. */
const payloadRows = (batchId: string) => {
  const db = new Database(dbPath(), { readonly: true });
  const named = db.query("SELECT count(*) AS n FROM llm_request_payloads WHERE json_extract(payload, '$.request.metadata.batch_id') = ?").get(batchId) as { n: number };
  const orphans = db.query("SELECT count(*) AS n FROM llm_request_payloads WHERE request_id NOT IN (SELECT request_id FROM llm_requests)").get() as { n: number };
  db.close();
  return { named: named.n, orphans: orphans.n };
};

test("a request with inline essay text leaves the stream once taken in; erasure deletes the batch's request log only", async () => {
  const mine = comparisonRequest({ essay_a: { id: "w", text: WEAK }, essay_b: { id: "s", text: STRONG } });
  mine.metadata = { ...mine.metadata, batch_id: "batch-to-erase-0001" };
  const theirs = comparisonRequest({ essay_a: { id: "w", text: WEAK }, essay_b: { id: "s", text: STRONG } });
  theirs.metadata = { ...theirs.metadata, batch_id: "batch-to-keep-00001" };
  await publishComparison(h.redis, mine);
  await publishComparison(h.redis, theirs);
  await waitForResults(h.redis, [mine.request_id, theirs.request_id]);
  const left = parseEntries(await h.redis.xrange(LlmComparisonRequestedTopic.name, "-", "+"));
  expect(left.filter((e) => (e.fields.envelope ?? "").includes(WEAK.slice(0, 40)))).toEqual([]);
  expect(requestRows("batch-to-erase-0001")).toBe(1);
  expect(payloadRows("batch-to-erase-0001")).toEqual({ named: 1, orphans: 0 });

  const request = makeEnvelope(BatchErasureRequestedTopic, {
    data: { batch_id: "batch-to-erase-0001", user_id: "u1", essay_ids: [], reason: "owner_request", participants: ["llm-provider"] },
    source: "test", correlationId: crypto.randomUUID(),
  });
  await publishEnvelope(h.redis, BatchErasureRequestedTopic, request);
  await publishEnvelope(h.redis, BatchErasureRequestedTopic, request); // redelivered: one step event only
  const steps = await eventually(async () => {
    const found = parseEntries(await h.redis.xrange(BatchErasureStepCompletedTopic.name, "-", "+")).map((e) => JSON.parse(e.fields.envelope ?? "{}").data);
    return found.length > 0 ? found : undefined;
  });
  await Bun.sleep(500);
  expect(parseEntries(await h.redis.xrange(BatchErasureStepCompletedTopic.name, "-", "+")).length).toBe(1);
  expect(steps[0]).toMatchObject({ batch_id: "batch-to-erase-0001", service: "llm-provider", erased_contents: 0 });
  expect(steps[0].erased_rows).toBeGreaterThanOrEqual(1);
  expect(requestRows("batch-to-erase-0001")).toBe(0);
  expect(requestRows("batch-to-keep-00001")).toBe(1);
  expect(payloadRows("batch-to-erase-0001")).toEqual({ named: 0, orphans: 0 });
  expect(payloadRows("batch-to-keep-00001")).toEqual({ named: 1, orphans: 0 });
  expect(lps.defaultProvider).toBe("local");
});
