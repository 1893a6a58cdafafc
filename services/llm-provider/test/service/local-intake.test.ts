import { afterAll, beforeAll, describe, expect, test } from "bun:test";
import { join } from "node:path";
import { LlmComparisonRequestedTopic, LlmFeedbackCompletedTopic } from "@shared/contracts/events/llm.ts";
import { createMemoryLogger } from "@shared/observability/logger.ts";
import { loadContentConfig } from "../../../content-service/src/config.ts";
import { startContentService } from "../../../content-service/src/service.ts";
import type { RunningLps } from "../../src/service.ts";
import { STRONG, WEAK } from "../fixtures/essays.ts";
import {
  comparisonRequest,
  comparisonResults,
  eventually,
  feedbackRequest,
  feedbackResults,
  type Harness,
  internalHeaders,
  metricValue,
  publishComparison,
  publishFeedback,
  startHarness,
  waitForResults,
} from "./harness.ts";

let h: Harness;
let lps: RunningLps & { logs: Record<string, unknown>[] };
let content: Awaited<ReturnType<typeof startContentService>>;

beforeAll(async () => {
  h = await startHarness();
  content = await startContentService(
    loadContentConfig({ ...h.commonEnv, CONTENT_SERVICE_HTTP_PORT: "0", CONTENT_SERVICE_DB_PATH: join(h.dir, "content.sqlite") }),
    createMemoryLogger("content-service"),
  );
  lps = await h.startLps({ CONTENT_SERVICE_URL: content.url });
});
afterAll(async () => {
  await h.stop();
  await content.stop();
});

async function store(text: string): Promise<string> {
  const res = await fetch(`${content.url}/v1/content`, { method: "POST", body: text, headers: { "X-Internal-API-Key": "lps-test-key", "Content-Type": "text/plain" } });
  return ((await res.json()) as { storage_id: string }).storage_id;
}

describe("comparison requests answered by the local judge", () => {
  test("with no key set the default provider is local", () => {
    expect(lps.defaultProvider).toBe("local");
  });

  test("a request on the stream is answered on the callback topic, deterministically, metadata echoed", async () => {
    const first = comparisonRequest({ essay_a: { id: "w", text: WEAK }, essay_b: { id: "s", text: STRONG } });
    const again = comparisonRequest({ essay_a: { id: "w", text: WEAK }, essay_b: { id: "s", text: STRONG } });
    await publishComparison(h.redis, first);
    await publishComparison(h.redis, again);
    const results = await waitForResults(h.redis, [first.request_id, again.request_id]);
    const one = results.get(first.request_id);
    const two = results.get(again.request_id);
    expect(one).toMatchObject({ status: "success", error: null, provider: "local", model: "local-judge", winner: "essay_b", cost_usd: 0, metadata: first.metadata });
    expect(one?.usage.input_tokens).toBeGreaterThan(0);
    expect(one?.confidence).toBeGreaterThan(0.5);
    expect(one?.justification).toBeTruthy();
    expect({ ...two, request_id: "x", latency_ms: 0 }).toEqual({ ...one, request_id: "x", latency_ms: 0 } as never);
  });

  test("essay texts given by storage id are fetched from the content service", async () => {
    const request = comparisonRequest({ essay_a: { id: "s", text_storage_id: await store(STRONG) }, essay_b: { id: "w", text_storage_id: await store(WEAK) } });
    await publishComparison(h.redis, request);
    const result = (await waitForResults(h.redis, [request.request_id])).get(request.request_id);
    expect(result).toMatchObject({ status: "success", winner: "essay_a" });
  });

  test("an unknown storage id is answered with a RESOURCE_NOT_FOUND error result", async () => {
    const request = comparisonRequest({ essay_a: { id: "s", text_storage_id: crypto.randomUUID() } });
    await publishComparison(h.redis, request);
    const result = (await waitForResults(h.redis, [request.request_id])).get(request.request_id);
    expect(result).toMatchObject({ status: "error", winner: null, error: { code: "RESOURCE_NOT_FOUND", retryable: false }, metadata: request.metadata });
  });

  test("the same event delivered twice, and a second event with the same request id, give one result", async () => {
    const request = comparisonRequest();
    const envelope = await publishComparison(h.redis, request);
    await publishComparison(h.redis, request, envelope.event_id);
    await publishComparison(h.redis, request);
    await waitForResults(h.redis, [request.request_id]);
    await Bun.sleep(400); // time for any second answer to show up
    const answers = (await comparisonResults(h.redis)).filter((e) => e.data.request_id === request.request_id);
    expect(answers).toHaveLength(1);
  });

  test("a burst of requests (one read, taken in as a batch) with a duplicate and a bad callback topic: each good one answered once, the bad one to the DLQ alone", async () => {
    const good = Array.from({ length: 20 }, () => comparisonRequest());
    const bad = comparisonRequest({ callback_topic: LlmFeedbackCompletedTopic.name });
    // One pipeline of XADDs: the consumer reads them together.
    const envelopes = await Promise.all([...good, good[0]!, bad, ...good.slice(1, 3)].map((r) => publishComparison(h.redis, r)));
    expect(envelopes).toHaveLength(24);
    await waitForResults(h.redis, good.map((r) => r.request_id));
    const dead = await eventually(async () => {
      const entries = await h.redis.xrange(LlmComparisonRequestedTopic.dlq, "-", "+");
      return entries.find(([, f]) => f.join(" ").includes(bad.request_id));
    });
    expect(dead[1].join(" ")).toContain("poison_message");
    await Bun.sleep(400); // time for any second answer to show up
    const answers = (await comparisonResults(h.redis)).filter((e) => good.some((r) => r.request_id === e.data.request_id));
    expect(answers).toHaveLength(20);
    expect(new Set(answers.map((a) => a.data.request_id)).size).toBe(20);
    expect(answers.every((a) => a.data.status === "success")).toBe(true);
  });

  test("an already expired request is answered EXPIRED without a call", async () => {
    const request = comparisonRequest({ expires_at: new Date(Date.now() - 1_000).toISOString() });
    await publishComparison(h.redis, request);
    const result = (await waitForResults(h.redis, [request.request_id])).get(request.request_id);
    expect(result).toMatchObject({ status: "error", error: { code: "EXPIRED", retryable: false }, usage: { input_tokens: 0, output_tokens: 0 }, metadata: request.metadata });
    expect(await metricValue(lps.url, "llm_expired_total")).toBeGreaterThanOrEqual(1);
  });

  test("a callback topic that is not the comparison result topic sends the event to the DLQ", async () => {
    const request = comparisonRequest({ callback_topic: LlmFeedbackCompletedTopic.name });
    await publishComparison(h.redis, request);
    const dead = await eventually(async () => {
      const entries = await h.redis.xrange(LlmComparisonRequestedTopic.dlq, "-", "+");
      return entries.find(([, f]) => f.join(" ").includes(request.request_id));
    });
    expect(dead[1].join(" ")).toContain("poison_message");
    expect((await comparisonResults(h.redis)).some((e) => e.data.request_id === request.request_id)).toBe(false);
  });

  test("a feedback request is answered with feedback text on the feedback topic", async () => {
    const request = feedbackRequest();
    await publishFeedback(h.redis, request);
    const result = await eventually(async () => (await feedbackResults(h.redis)).find((e) => e.data.request_id === request.request_id));
    expect(result.event_type).toBe(LlmFeedbackCompletedTopic.name);
    expect(result.data).toMatchObject({ status: "success", provider: "local", metadata: request.metadata });
    expect(result.data.feedback_text?.length).toBeGreaterThan(50);
  });

  test("the NLP phase's grammar check is read by its storage id and quoted; one of another text is not used", async () => {
    const text = "My brother play football every weekend. He say that the team need more players. The coach want everyone to train harder.";
    const textId = await store(text);
    // "each weekend" is ours, not a fix Harper would make: it shows which check was used.
    const issues = [["every weekend", "each weekend"], ["say", "says"], ["need", "needs"], ["want", "wants"]].map(([wrong, right]) => ({
      offset: text.indexOf(wrong!), length: wrong!.length, rule_id: "AGREEMENT", category: "grammar", message: "Agreement.", suggestions: [right],
    }));
    const check = (textStorageId: string) => JSON.stringify({
      text_storage_id: textStorageId, language: "en", checker: "languagetool", issues,
      counts: { grammar: 4, punctuation: 0, typography: 0, style: 0, spelling: 0, other: 0 },
    });
    const ask = async (grammarStorageId: string) => {
      const request = feedbackRequest({
        essay: { id: "g", text_storage_id: textId }, grammar_storage_id: grammarStorageId,
        metrics: { word_count: 21, paragraph_count: 1, spelling_correction_count: 0, grammar_issues_per_100_words: 19 },
        batch_norms: { grammar_issues_per_100_words: { mean: 2, sd: 1.5, n: 25 } },
      });
      await publishFeedback(h.redis, request);
      return (await eventually(async () => (await feedbackResults(h.redis)).find((e) => e.data.request_id === request.request_id))).data;
    };
    const used = await ask(await store(check(textId)));
    const grammar = used.feedback?.focus_areas.find((f) => f.dimension === "grammar");
    expect(grammar?.examples.some((e) => e.quote.text.includes("every weekend") && e.rewrite.includes("each weekend"))).toBe(true);
    for (const e of grammar?.examples ?? []) expect(text.slice(e.quote.start, e.quote.end)).toBe(e.quote.text);
    // A check of some other text: its offsets mean nothing here, so LPS's own Harper check is used instead.
    const other = await ask(await store(check("another-text")));
    expect(other.status).toBe("success");
    expect(JSON.stringify(other.feedback)).not.toContain("each weekend");
    const missing = await ask(crypto.randomUUID());
    expect(missing.status).toBe("success");
    expect(JSON.stringify(missing.feedback)).not.toContain("each weekend");
  });
});

describe("HTTP API", () => {
  test("POST /v1/comparisons answers 202 queued, then the result is readable and published", async () => {
    const request = comparisonRequest();
    const res = await fetch(`${lps.url}/v1/comparisons`, { method: "POST", headers: internalHeaders(), body: JSON.stringify(request) });
    expect(res.status).toBe(202);
    expect(await res.json()).toEqual({ request_id: request.request_id, status: "queued" });
    const state = await eventually(async () => {
      const body = (await (await fetch(`${lps.url}/v1/requests/${request.request_id}`, { headers: internalHeaders() })).json()) as { status: string; result: unknown };
      return body.status === "succeeded" ? body : undefined;
    });
    expect(state.result).toMatchObject({ request_id: request.request_id, status: "success", provider: "local", winner: "essay_b" });
    const published = (await waitForResults(h.redis, [request.request_id])).get(request.request_id);
    expect(published).toEqual(state.result as never);
  });

  test("a duplicate POST answers 202 with the existing state and queues nothing new", async () => {
    const request = comparisonRequest();
    const post = () => fetch(`${lps.url}/v1/comparisons`, { method: "POST", headers: internalHeaders(), body: JSON.stringify(request) });
    expect((await post()).status).toBe(202);
    await waitForResults(h.redis, [request.request_id]);
    const again = await post();
    expect(again.status).toBe(202);
    expect(await again.json()).toEqual({ request_id: request.request_id, status: "succeeded" });
    await Bun.sleep(300);
    expect((await comparisonResults(h.redis)).filter((e) => e.data.request_id === request.request_id)).toHaveLength(1);
  });

  test("a bad callback topic is a 400; no internal key is a 401; an unknown request is a 404", async () => {
    const bad = comparisonRequest({ callback_topic: "huleedu.somewhere.else.v1" });
    const res = await fetch(`${lps.url}/v1/comparisons`, { method: "POST", headers: internalHeaders(), body: JSON.stringify(bad) });
    expect(res.status).toBe(400);
    expect(((await res.json()) as { error_code: string }).error_code).toBe("VALIDATION_ERROR");
    const noKey = await fetch(`${lps.url}/v1/comparisons`, { method: "POST", headers: { "Content-Type": "application/json" }, body: JSON.stringify(comparisonRequest()) });
    expect(noKey.status).toBe(401);
    const unknown = await fetch(`${lps.url}/v1/requests/nope`, { headers: internalHeaders() });
    expect(unknown.status).toBe(404);
  });
});
