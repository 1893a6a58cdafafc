import { afterAll, beforeAll, describe, expect, test } from "bun:test";
import { resultEventIdFor } from "@shared/bus/result-event-id.ts";
import type { EssayProcessingRequest } from "@shared/contracts/events/els.ts";
import { loadSpellcheckerConfig } from "../src/config.ts";
import { eventually, startSpellcheckerStack, type SpellcheckerStack, type SpellcheckResult } from "./support/spellchecker-stack.ts";

let stack: SpellcheckerStack;
// Both dictionaries load before the first essay (~5 s, longer on a busy machine).
beforeAll(async () => {
  stack = await startSpellcheckerStack();
}, 60_000);
afterAll(async () => {
  await stack.stop();
});

const fixture = (name: string) => Bun.file(new URL(`./fixtures/${name}`, import.meta.url)).text();
const essay = (essayId: string, textStorageId: string, language: "en" | "sv"): EssayProcessingRequest => ({
  batch_id: "batch-1", essay_id: essayId, text_storage_id: textStorageId, language,
});

/** The original text with each correction applied at its offset. */
function applied(text: string, corrections: SpellcheckResult["corrections"]): string {
  let out = "";
  let cursor = 0;
  for (const c of corrections) {
    expect(text.slice(c.offset, c.offset + c.original.length)).toBe(c.original);
    out += text.slice(cursor, c.offset) + c.replacement;
    cursor = c.offset + c.original.length;
  }
  return out + text.slice(cursor);
}

describe("spellchecker service over streams", () => {
  test("an English essay: expected corrections, corrected text stored, ids and counts", async () => {
    const text = await fixture("essay-en.txt");
    const textId = await stack.store(text);
    const request = await stack.request(essay("en-1", textId, "en"));
    const { data, correlation_id, metadata, event_id, source_service } = await stack.awaitResult("en-1");

    expect(data).toMatchObject({ batch_id: "batch-1", status: "success", error: null, language: "en", original_text_storage_id: textId, correction_count: 20, word_count: 418 });
    expect(data.corrections.map((c) => [c.original, c.replacement])).toEqual([
      ["Teh", "The"], ["completly", "completely"], ["beleive", "believe"], ["freind", "friend"],
      ["becuase", "because"], ["definately", "definitely"], ["occured", "occurred"], ["recieve", "receive"],
      ["neccessary", "necessary"], ["goverment", "government"], ["arguement", "argument"],
      ["enviroment", "environment"], ["begining", "beginning"], ["thier", "their"], ["dont", "don't"],
      ["seperate", "separate"], ["acheive", "achieve"], ["thier", "their"], ["Tommorow", "Tomorrow"], ["Alot", "A lot"],
    ]);
    expect(data.corrected_text_storage_id).not.toBe(textId);
    const stored = await stack.fetchContent(data.corrected_text_storage_id ?? "");
    expect(stored.headers.get("Content-Type")).toBe("text/plain; charset=utf-8");
    const corrected = await stored.text();
    expect(corrected).toBe(applied(text, data.corrections));
    expect(corrected).toStartWith("Should Schools Ban Mobile Phones?\n\nThe question of mobile phones");
    expect(corrected).toContain("https://www.example-school.org/quiet-room");

    expect(correlation_id).toBe(request.correlation_id);
    expect(metadata).toMatchObject({ user_id: "teacher-1" });
    expect(metadata?.trace_id).toMatch(/^[0-9a-f]{32}$/); // the handler's trace travels with its result
    expect(source_service).toBe("spellchecker");
    expect(event_id).toBe(resultEventIdFor("spellchecker", request.event_id));
  });

  test("a Swedish essay is corrected with the Swedish dictionary", async () => {
    const text = await fixture("essay-sv.txt");
    const textId = await stack.store(text);
    await stack.request(essay("sv-1", textId, "sv"));
    const { data } = await stack.awaitResult("sv-1");

    expect(data).toMatchObject({ status: "success", language: "sv", correction_count: 10, word_count: 375 });
    expect(data.corrections.map((c) => [c.original, c.replacement])).toEqual([
      ["efterssom", "eftersom"], ["därfor", "därför"], ["ungdommar", "ungdomar"], ["Egentlgien", "Egentligen"],
      ["tilsammans", "tillsammans"], ["ocksa", "också"], ["intresant", "intressant"],
      ["framtidden", "framtiden"], ["Samhälet", "Samhället"], ["Kansje", "Kanske"],
    ]);
    const corrected = await (await stack.fetchContent(data.corrected_text_storage_id ?? "")).text();
    expect(corrected).toBe(applied(text, data.corrections));
    expect(corrected).toContain("Egentligen handlar det mer om hur vi använder tekniken");
  });

  test("a text without misspellings keeps its storage id", async () => {
    const textId = await stack.store("The students wrote their essays in the library.");
    await stack.request(essay("clean-1", textId, "en"));
    const { data } = await stack.awaitResult("clean-1");
    expect(data).toMatchObject({ status: "success", corrections: [], correction_count: 0, word_count: 8, corrected_text_storage_id: textId });
  });

  test("missing content is a failed result with an error code, not a retry", async () => {
    const missingId = crypto.randomUUID();
    await stack.request(essay("missing-1", missingId, "en"));
    const { data } = await stack.awaitResult("missing-1");
    expect(data).toMatchObject({
      status: "failed", original_text_storage_id: missingId, corrected_text_storage_id: null, corrections: [], correction_count: 0,
    });
    expect(data.error?.code).toBe("RESOURCE_NOT_FOUND");

    await stack.request(essay("malformed-1", "not-a-storage-id", "en"));
    expect((await stack.awaitResult("malformed-1")).data.error?.code).toBe("RESOURCE_NOT_FOUND");
    expect(stack.logger.lines.some((l) => l.msg === "handler failed; entry stays pending for retry")).toBe(false);
  });

  test("content that is not UTF-8 is a failed result", async () => {
    const textId = await stack.store(new Uint8Array([0x48, 0x65, 0xff, 0xfe, 0x6c, 0x6c, 0x6f]));
    await stack.request(essay("binary-1", textId, "en"));
    const { data } = await stack.awaitResult("binary-1");
    expect(data.status).toBe("failed");
    expect(data.error?.code).toBe("VALIDATION_ERROR");
  });

  test("the same event delivered twice gives one result", async () => {
    const textId = await stack.store("I recieve teh book tommorow.");
    const eventId = crypto.randomUUID();
    await stack.request(essay("dup-1", textId, "en"), eventId);
    await stack.request(essay("dup-1", textId, "en"), eventId);
    await eventually("the duplicate to be skipped", () =>
      stack.logger.lines.some((l) => l.msg === "spellcheck request already processed; skipped" && l.event_id === eventId));
    const results = await stack.results("dup-1");
    expect(results).toHaveLength(1);
    expect(results[0]?.data.corrections.map((c) => c.replacement)).toEqual(["receive", "the", "tomorrow"]);
    expect(await stack.redis.ttl(`spellchecker:processed:${eventId}`)).toBeGreaterThan(6 * 24 * 3600);
  });

  test("health, readiness (Redis and dictionaries) and metrics", async () => {
    expect((await fetch(`${stack.spellchecker.url}/healthz`)).status).toBe(200);
    const ready = await fetch(`${stack.spellchecker.url}/readyz`);
    expect(ready.status).toBe(200);
    expect(((await ready.json()) as { checks: Record<string, boolean> }).checks).toEqual({ redis: true, dictionaries: true });
    const metrics = await (await fetch(`${stack.spellchecker.url}/metrics`)).text();
    expect(metrics).toMatch(/spellcheck_essays_total\{language="en",status="success",service="spellchecker"\} [1-9]/);
    expect(metrics).toMatch(/spellcheck_corrections_total\{language="sv",service="spellchecker"\} 10/);
    expect(metrics).toContain('events_handled_total{topic="huleedu.essay.spellcheck.requested.v1",outcome="ok"');
  });
});

describe("spellchecker config", () => {
  test("defaults to port 8002 and the local content service; refuses a bad URL", () => {
    const config = loadSpellcheckerConfig({});
    expect(config.HTTP_PORT).toBe(8002);
    expect(config.contentServiceUrl).toBe("http://127.0.0.1:8001");
    expect(loadSpellcheckerConfig({ CONTENT_SERVICE_URL: "http://content:8001/" }).contentServiceUrl).toBe("http://content:8001");
    expect(() => loadSpellcheckerConfig({ CONTENT_SERVICE_URL: "not a url" })).toThrow("CONTENT_SERVICE_URL");
  });

  test("roster names: class-management at its default port, a 2 s timeout, 500 batches for 60 s; bad values refused", () => {
    const config = loadSpellcheckerConfig({});
    expect(config.classManagementUrl).toBe("http://127.0.0.1:5002");
    expect([config.ROSTER_TIMEOUT_MS, config.ROSTER_CACHE_SIZE, config.ROSTER_CACHE_TTL_MS]).toEqual([2000, 500, 60_000]);
    expect(loadSpellcheckerConfig({ CLASS_MANAGEMENT_URL: "http://cm:5002/", SPELLCHECKER_ROSTER_TIMEOUT_MS: "750" })).toMatchObject({
      classManagementUrl: "http://cm:5002", ROSTER_TIMEOUT_MS: 750,
    });
    expect(() => loadSpellcheckerConfig({ CLASS_MANAGEMENT_URL: "nope" })).toThrow("CLASS_MANAGEMENT_URL");
    expect(() => loadSpellcheckerConfig({ SPELLCHECKER_ROSTER_TIMEOUT_MS: "soon" })).toThrow("SPELLCHECKER_ROSTER_TIMEOUT_MS");
    expect(() => loadSpellcheckerConfig({ SPELLCHECKER_ROSTER_CACHE_SIZE: "0" })).toThrow("SPELLCHECKER_ROSTER_CACHE_SIZE");
  });
});
