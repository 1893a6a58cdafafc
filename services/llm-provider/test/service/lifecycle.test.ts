import { afterAll, beforeAll, beforeEach, describe, expect, test } from "bun:test";
import { Database } from "bun:sqlite";
import { join } from "node:path";
import { MAX_TAKES } from "../../src/queue/worker-pool.ts";
import { startFakeAnthropic } from "../../../../tests/fakes/anthropic-server.ts";
import { comparisonRequest, comparisonResults, eventually, type Harness, internalHeaders, startHarness, waitForResults } from "./harness.ts";

const fake = startFakeAnthropic({ apiKey: "test-key" });
let h: Harness;
beforeAll(async () => {
  h = await startHarness();
});
afterAll(async () => {
  await h.stop();
  await fake.stop();
});
beforeEach(() => {
  fake.hits.length = 0;
  fake.setDefault({ kind: "verdict" });
});

const env = (dbFile: string, extra: Record<string, string> = {}) => ({
  ANTHROPIC_API_KEY: "test-key", LPS_ANTHROPIC_BASE_URL: fake.url, LPS_CONCURRENCY: "1",
  LPS_REQUESTS_PER_MINUTE: "10000", LPS_REQUEST_BURST: "1000", LPS_TOKENS_PER_MINUTE: "0",
  LPS_DB_PATH: join(h.dir, dbFile), ...extra,
});

async function submit(url: string) {
  const request = comparisonRequest();
  const res = await fetch(`${url}/v1/comparisons`, { method: "POST", headers: internalHeaders(), body: JSON.stringify(request) });
  expect(res.status).toBe(202);
  return request;
}

const published = async (requestId: string) => (await comparisonResults(h.redis)).filter((e) => e.data.request_id === requestId).length;

describe("graceful stop", () => {
  test("the call in flight finishes and is answered; queued work stays queued for the next start", async () => {
    const lps = await h.startLps(env("stop-finish.sqlite", { LPS_STOP_GRACE_MS: "5000" }));
    fake.enqueue({ kind: "verdict", delayMs: 500, winner: "essay_b" });
    const inFlight = await submit(lps.url);
    await eventually(() => (fake.hits.length === 1 ? true : undefined));
    const waiting = await submit(lps.url);
    await lps.stop();
    expect(await published(inFlight.request_id)).toBe(1); // answered before stop returned (outbox flushed)
    expect(await published(waiting.request_id)).toBe(0);
    expect(fake.hits).toHaveLength(1); // the queued request was not started after stop began

    const again = await h.startLps(env("stop-finish.sqlite"));
    const results = await waitForResults(h.redis, [waiting.request_id]);
    expect(results.get(waiting.request_id)?.status).toBe("success");
    expect(fake.hits).toHaveLength(2);
    await again.stop();
    expect(await published(inFlight.request_id)).toBe(1);
  }, 15_000);

  test("a call that outlives the grace period is aborted, requeued, and answered after a restart", async () => {
    const lps = await h.startLps(env("stop-abort.sqlite", { LPS_STOP_GRACE_MS: "100" }));
    fake.enqueue({ kind: "verdict", delayMs: 3_000 });
    const slow = await submit(lps.url);
    await eventually(() => (fake.hits.length === 1 ? true : undefined));
    const started = performance.now();
    await lps.stop();
    expect(performance.now() - started).toBeLessThan(1_500);
    expect(await published(slow.request_id)).toBe(0);

    const again = await h.startLps(env("stop-abort.sqlite"));
    const state = await eventually(async () => {
      const body = (await (await fetch(`${again.url}/v1/requests/${slow.request_id}`, { headers: internalHeaders() })).json()) as { status: string };
      return body.status === "succeeded" ? body : undefined;
    });
    expect(state.status).toBe("succeeded");
    expect(fake.hits.length).toBeGreaterThanOrEqual(2);
    await Bun.sleep(200);
    expect(await published(slow.request_id)).toBe(1);
    await again.stop();
  }, 15_000);
});

describe("crash loops", () => {
  test("a request already taken MAX_TAKES times is answered with an error instead of being called again", async () => {
    const lps = await h.startLps(env("takes.sqlite"));
    fake.enqueue({ kind: "verdict", delayMs: 400 });
    const blocker = await submit(lps.url);
    await eventually(() => (fake.hits.length === 1 ? true : undefined));
    const cursed = await submit(lps.url);
    // As if earlier runs of this instance had taken it and died each time.
    const sqlite = new Database(join(h.dir, "takes.sqlite"));
    sqlite.query("UPDATE llm_requests SET takes = ? WHERE request_id = ?").run(MAX_TAKES, cursed.request_id);
    sqlite.close();
    const results = await waitForResults(h.redis, [blocker.request_id, cursed.request_id]);
    expect(results.get(cursed.request_id)).toMatchObject({ status: "error", error: { code: "PROCESSING_ERROR", retryable: true } });
    expect(fake.hits).toHaveLength(1);
    await lps.stop();
  });
});
