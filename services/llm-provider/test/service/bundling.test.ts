import { afterAll, beforeAll, beforeEach, describe, expect, test } from "bun:test";
import { type MessagesBody, startFakeAnthropic } from "../../../../tests/fakes/anthropic-server.ts";
import type { RunningLps } from "../../src/service.ts";
import { GOOD, STRONG } from "../fixtures/essays.ts";
import { comparisonRequest, eventually, type Harness, internalHeaders, metricValue, startHarness, waitForResults } from "./harness.ts";

const fake = startFakeAnthropic({ apiKey: "test-key" });
let h: Harness;
let lps: RunningLps;

beforeAll(async () => {
  h = await startHarness();
  // One worker, so the requests queue up behind a slow first call and are then taken as a bundle.
  lps = await h.startLps({
    ANTHROPIC_API_KEY: "test-key",
    LPS_ANTHROPIC_BASE_URL: fake.url,
    LPS_BUNDLE_SIZE: "4",
    LPS_CONCURRENCY: "1",
    LPS_REQUESTS_PER_MINUTE: "10000",
    LPS_REQUEST_BURST: "1000",
    LPS_TOKENS_PER_MINUTE: "0",
    LPS_RETRY_BASE_DELAY_MS: "20",
  });
});
afterAll(async () => {
  await h.stop();
  await fake.stop();
});
beforeEach(() => {
  fake.hits.length = 0;
  fake.setDefault({ kind: "verdict" });
});

const promptOf = (body: unknown) => (body as MessagesBody).messages[0]?.content ?? "";
const marked = (label: string) => ({ id: `a-${label}`, text: `${GOOD}\n\nMarker ${label}.` });

/** The marker of every pair in a bundled prompt, by pair number. */
function pairsOf(prompt: string): Map<number, string> {
  const pairs = new Map<number, string>();
  for (const m of prompt.matchAll(/## Pair (\d+)\n[\s\S]*?Marker (\w+)\./g)) pairs.set(Number(m[1]), m[2] ?? "");
  return pairs;
}

async function submit(overrides: Parameters<typeof comparisonRequest>[0]) {
  const request = comparisonRequest(overrides);
  const res = await fetch(`${lps.url}/v1/comparisons`, { method: "POST", headers: internalHeaders(), body: JSON.stringify(request) });
  expect(res.status).toBe(202);
  return request;
}

/** Hold the single worker on a slow call, queue `labels` behind it, and return all their requests. */
async function queueBehindBlocker(labels: string[], extra: Record<string, Parameters<typeof comparisonRequest>[0]> = {}) {
  fake.enqueue({ kind: "verdict", delayMs: 600 });
  const blocker = await submit({ essay_a: marked("blocker") });
  await eventually(() => (fake.hits.length === 1 ? true : undefined));
  const requests = new Map<string, ReturnType<typeof comparisonRequest>>();
  for (const label of labels) requests.set(label, await submit({ essay_a: marked(label), ...extra[label] }));
  return { blocker, requests };
}

describe("serial bundling through the service (fake Anthropic)", () => {
  test("a bundled answer out of order and with a verdict missing maps back to the right requests", async () => {
    // The fake answers by reading the prompt: verdicts in reverse pair order, naming the marker of
    // the pair they judge, and no verdict for the pair holding R3.
    const winners: Record<string, string> = { R1: "essay_a", R2: "essay_b", R3: "essay_a", R4: "essay_b" };
    fake.setDefault((body) => {
      const numbered = pairsOf(promptOf(body));
      if (numbered.size === 0) return { kind: "verdict", winner: "essay_b", justification: "single call" };
      const pairs = [...numbered.entries()].reverse().filter(([, label]) => label !== "R3");
      const verdicts = pairs.map(([index, label]) => ({ index, winner: winners[label], justification: `judged ${label}`, confidence: 0.75 }));
      return { kind: "text", text: `\`\`\`json\n${JSON.stringify({ verdicts })}\n\`\`\``, usage: { input_tokens: 4000, output_tokens: 400 } };
    });
    const { blocker, requests } = await queueBehindBlocker(["R1", "R2", "R3", "R4", "OTHER"], { OTHER: { instructions: "Different instructions." } });
    const ids = [blocker.request_id, ...[...requests.values()].map((r) => r.request_id)];
    const results = await waitForResults(h.redis, ids);

    // blocker alone, R1–R4 as one bundle, the incompatible request on its own.
    expect(fake.hits).toHaveLength(3);
    const bundlePrompt = promptOf(fake.hits[1]?.body);
    expect([...pairsOf(bundlePrompt).values()]).toEqual(["R1", "R2", "R3", "R4"]);
    expect(promptOf(fake.hits[2]?.body)).toContain("Different instructions.");
    expect(pairsOf(promptOf(fake.hits[2]?.body)).size).toBe(0);

    for (const label of ["R1", "R2", "R4"]) {
      const result = results.get(requests.get(label)?.request_id ?? "");
      expect(result).toMatchObject({ status: "success", winner: winners[label], justification: `judged ${label}`, provider: "anthropic", metadata: requests.get(label)?.metadata });
      expect(result?.usage).toEqual({ input_tokens: 1000, output_tokens: 100 });
    }
    const missing = results.get(requests.get("R3")?.request_id ?? "");
    expect(missing).toMatchObject({ status: "error", winner: null, error: { code: "PROCESSING_ERROR", retryable: true } });
    expect(missing?.error?.message).toContain("no verdict for pair 3");
    expect(results.get(requests.get("OTHER")?.request_id ?? "")).toMatchObject({ status: "success", justification: "single call" });
    expect(await metricValue(lps.url, "llm_bundle_size_count")).toBe(3);
    expect(await metricValue(lps.url, "llm_bundle_size_sum")).toBe(6);
  });

  test("a scripted bare array, out of order, one pair missing", async () => {
    const text = JSON.stringify([
      { index: 2, winner: "essay_b", justification: "second", confidence: 0.6 },
      { index: 1, winner: "essay_a", justification: "first", confidence: 0.9 },
    ]);
    fake.setDefault({ kind: "verdict" });
    const { requests } = await queueBehindBlocker(["S1", "S2", "S3"]);
    fake.enqueue({ kind: "text", text });
    const results = await waitForResults(h.redis, [...requests.values()].map((r) => r.request_id));
    expect(fake.hits).toHaveLength(2);
    expect(results.get(requests.get("S1")?.request_id ?? "")).toMatchObject({ status: "success", winner: "essay_a", justification: "first", confidence: 0.9 });
    expect(results.get(requests.get("S2")?.request_id ?? "")).toMatchObject({ status: "success", winner: "essay_b", justification: "second", confidence: 0.6 });
    expect(results.get(requests.get("S3")?.request_id ?? "")).toMatchObject({ status: "error", error: { retryable: true } });
  });

  test("a bundle the vendor truncates answers every request in it with an error", async () => {
    const { requests } = await queueBehindBlocker(["T1", "T2"]);
    fake.enqueue({ kind: "max_tokens" });
    const results = await waitForResults(h.redis, [...requests.values()].map((r) => r.request_id));
    for (const result of results.values()) expect(result).toMatchObject({ status: "error", error: { code: "EXTERNAL_SERVICE_ERROR", retryable: false } });
    // The bundle's output cap is the per-verdict cap times its size.
    expect((fake.hits[1]?.body as MessagesBody).max_tokens).toBe(2 * 512);
  });

  test("local requests are never bundled", async () => {
    const local = [comparisonRequest({ provider_override: "local" }), comparisonRequest({ provider_override: "local", essay_a: { id: "s", text: STRONG } })];
    for (const r of local) await fetch(`${lps.url}/v1/comparisons`, { method: "POST", headers: internalHeaders(), body: JSON.stringify(r) });
    const results = await waitForResults(h.redis, local.map((r) => r.request_id));
    for (const result of results.values()) expect(result).toMatchObject({ status: "success", provider: "local" });
    expect(fake.hits).toHaveLength(0);
  });
});
