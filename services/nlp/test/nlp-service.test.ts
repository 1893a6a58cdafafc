import { afterAll, beforeAll, describe, expect, test } from "bun:test";
import * as v from "valibot";
import { resultEventIdFor } from "@shared/bus/result-event-id.ts";
import { EssayGrammarCheckSchema } from "@shared/contracts/grammar.ts";
import type { EssayProcessingRequest } from "@shared/contracts/events/els.ts";
import { loadNlpConfig } from "../src/config.ts";
import { eventually, startNlpStack, type NlpStack } from "./support/nlp-stack.ts";

let stack: NlpStack;
beforeAll(async () => {
  stack = await startNlpStack();
});
afterAll(async () => {
  await stack.stop();
});

const fixture = (name: string) => Bun.file(new URL(`./fixtures/${name}`, import.meta.url)).text();
const essay = (essayId: string, textStorageId: string, language: "en" | "sv"): EssayProcessingRequest => ({
  batch_id: "batch-1", essay_id: essayId, text_storage_id: textStorageId, language,
});

async function storedMetrics(storageId: string | null | undefined): Promise<{ type: string | null; body: unknown }> {
  const res = await stack.fetchContent(storageId ?? "");
  expect(res.status).toBe(200);
  return { type: res.headers.get("Content-Type"), body: await res.json() };
}

describe("nlp service over streams", () => {
  test("an English essay: plausible metrics with Flesch, stored as JSON equal to the event's", async () => {
    const textId = await stack.store(await fixture("essay-en.txt"));
    const request = await stack.request(essay("en-1", textId, "en"));
    const { data, event_id, correlation_id, metadata } = await stack.awaitResult("en-1");

    expect(data).toMatchObject({ batch_id: "batch-1", status: "success", error: null, language: "en", text_storage_id: textId });
    const m = data.metrics ?? {};
    expect(m).toMatchObject({ language: "en", word_count: 418, sentence_count: 28, paragraph_count: 7 });
    expect(m.flesch_reading_ease).toBeGreaterThan(50);
    expect(m.flesch_reading_ease).toBeLessThan(90);
    expect(m.mtld).toBeGreaterThan(50);
    expect(m.type_token_ratio).toBeGreaterThan(0.3);
    expect(m.type_token_ratio).toBeLessThan(0.8);
    expect(m).not.toHaveProperty("lix");
    // The richer metrics come with the SUBTLEX list and the wink-nlp tagger.
    expect(m.mean_zipf).toBeGreaterThan(3);
    expect(m.mean_zipf).toBeLessThan(7);
    expect(m.hdd).toBeGreaterThan(0.5);
    expect(m.lexical_density).toBeGreaterThan(0.3);
    expect(m.verbs_per_sentence).toBeGreaterThan(1);
    expect(m.connectives_per_sentence).toBeGreaterThan(0);
    // Harper counted the grammar issues offline.
    expect(m.grammar_checker).toBe("harper");
    expect(m.grammar_issues_per_100_words).toBeGreaterThanOrEqual(0);

    expect(m.issues_grammar_per_100_words).toBeGreaterThanOrEqual(0);
    // The fixture misspells about twenty words on purpose ("completly", "thier" twice …) in 418.
    expect(m.spelling_errors_per_100_words).toBeGreaterThan(4);
    expect(m.spelling_errors_per_100_words).toBeLessThan(6);

    const stored = await storedMetrics(data.metrics_storage_id);
    expect(stored.type).toBe("application/json");
    expect(stored.body).toEqual(data.metrics);

    // The issues themselves are content, checked against the shared schema; the event has only their id.
    const check = v.parse(EssayGrammarCheckSchema, (await storedMetrics(data.grammar_storage_id)).body);
    expect(check).toMatchObject({ text_storage_id: textId, language: "en", checker: "harper" });
    const text = await fixture("essay-en.txt");
    for (const i of check.issues) expect(i.offset + i.length).toBeLessThanOrEqual(text.length);
    expect(JSON.stringify(data)).not.toContain("suggestions");

    expect(correlation_id).toBe(request.correlation_id);
    expect(metadata).toMatchObject({ user_id: "teacher-1" });
    expect(metadata?.trace_id).toMatch(/^[0-9a-f]{32}$/); // the handler's trace travels with its result
    expect(event_id).toBe(resultEventIdFor("nlp", request.event_id));
  });

  test("a Swedish essay gets LIX instead of Flesch", async () => {
    const textId = await stack.store(await fixture("essay-sv.txt"));
    await stack.request(essay("sv-1", textId, "sv"));
    const { data } = await stack.awaitResult("sv-1");
    const m = data.metrics ?? {};
    expect(m).toMatchObject({ language: "sv", word_count: 375, sentence_count: 28, paragraph_count: 7 });
    expect(m.lix).toBeGreaterThan(25);
    expect(m.lix).toBeLessThan(50);
    expect(m).not.toHaveProperty("flesch_reading_ease");
    // No Swedish frequency list or tagger: those metrics are null, the others are measured.
    expect(m).toMatchObject({ mean_zipf: null, subordinators_per_sentence: null, grammar_checker: null, grammar_issues_per_100_words: null });
    expect(data.grammar_storage_id).toBeNull(); // no checker offline for Swedish: nothing stored
    expect(m.spelling_errors_per_100_words).toBeLessThan(5);
    expect(m.lexical_density).toBeGreaterThan(0.3);
    expect(m.adjacent_sentence_overlap).toBeGreaterThanOrEqual(0);
    expect((await storedMetrics(data.metrics_storage_id)).body).toEqual(data.metrics);
  });

  test("a text with no words succeeds with null for what it cannot define", async () => {
    const textId = await stack.store(" \n\n ");
    await stack.request(essay("blank-1", textId, "en"));
    const { data } = await stack.awaitResult("blank-1");
    expect(data.status).toBe("success");
    expect(data.metrics).toMatchObject({ word_count: 0, mean_word_length: null, flesch_reading_ease: null });
    expect((await storedMetrics(data.metrics_storage_id)).body).toEqual(data.metrics);
  });

  test("missing or undecodable content is a failed result with an error code", async () => {
    await stack.request(essay("missing-1", crypto.randomUUID(), "en"));
    const missing = (await stack.awaitResult("missing-1")).data;
    expect(missing).toMatchObject({ status: "failed", metrics: null, metrics_storage_id: null });
    expect(missing.error?.code).toBe("RESOURCE_NOT_FOUND");

    const binaryId = await stack.store(new Uint8Array([0xc3, 0x28, 0xa0, 0xa1]));
    await stack.request(essay("binary-1", binaryId, "sv"));
    expect((await stack.awaitResult("binary-1")).data.error?.code).toBe("VALIDATION_ERROR");
    expect(stack.logger.lines.some((l) => l.msg === "handler failed; entry stays pending for retry")).toBe(false);
  });

  test("the same event delivered twice gives one result", async () => {
    const textId = await stack.store("One short essay. It has two sentences.");
    const eventId = crypto.randomUUID();
    await stack.request(essay("dup-1", textId, "en"), eventId);
    await stack.request(essay("dup-1", textId, "en"), eventId);
    await eventually("the duplicate to be skipped", () =>
      stack.logger.lines.some((l) => l.msg === "nlp request already processed; skipped" && l.event_id === eventId));
    const results = await stack.results("dup-1");
    expect(results).toHaveLength(1);
    expect(results[0]?.data.metrics).toMatchObject({ word_count: 7, sentence_count: 2 });
    expect(await stack.redis.ttl(`nlp:processed:${eventId}`)).toBeGreaterThan(6 * 24 * 3600);
  });

  test("health, readiness and metrics", async () => {
    expect((await fetch(`${stack.nlp.url}/healthz`)).status).toBe(200);
    const ready = await fetch(`${stack.nlp.url}/readyz`);
    expect(ready.status).toBe(200);
    expect(((await ready.json()) as { checks: Record<string, boolean> }).checks).toEqual({ redis: true });
    const metrics = await (await fetch(`${stack.nlp.url}/metrics`)).text();
    expect(metrics).toMatch(/nlp_essays_total\{language="sv",status="success",service="nlp"\} 1/);
    expect(metrics).toMatch(/nlp_essays_total\{language="en",status="failed",service="nlp"\} 1/);
  });
});

describe("nlp config", () => {
  test("defaults to port 8003 and the local content service", () => {
    const config = loadNlpConfig({});
    expect(config.HTTP_PORT).toBe(8003);
    expect(config.contentServiceUrl).toBe("http://127.0.0.1:8001");
    expect(loadNlpConfig({ NLP_HTTP_PORT: "9003" }).HTTP_PORT).toBe(9003);
  });
});
