import { afterAll, beforeAll, describe, expect, test } from "bun:test";
import { KEY, startNlpStack, type NlpStack } from "./support/nlp-stack.ts";
import { startFakeLanguageTool, type FakeLanguageTool } from "./support/fake-languagetool.ts";

let offline: NlpStack;
let withLanguageTool: NlpStack;
let languageTool: FakeLanguageTool;
beforeAll(async () => {
  languageTool = startFakeLanguageTool();
  [offline, withLanguageTool] = await Promise.all([
    startNlpStack(),
    startNlpStack({ env: { LANGUAGETOOL_URL: languageTool.url, NLP_HARPER: "off" } }),
  ]);
}, 120_000);
afterAll(async () => {
  await Promise.all([offline.stop(), withLanguageTool.stop(), languageTool.stop()]);
});

const check = (stack: NlpStack, body: unknown, key: string | null = KEY) =>
  fetch(`${stack.nlp.url}/internal/v1/check`, {
    method: "POST",
    headers: { "Content-Type": "application/json", ...(key === null ? {} : { "X-Internal-API-Key": key }) },
    body: JSON.stringify(body),
  });

describe("POST /internal/v1/check", () => {
  test("English offline: Harper's issues with offsets, rule, category, message, suggestions and counts", async () => {
    const text = "This is a apple. He go to school.";
    const response = await check(offline, { text, language: "en" });
    expect(response.status).toBe(200);
    const body = await response.json();
    expect(body.checker).toBe("harper");
    const article = body.issues.find((i: { rule_id: string }) => i.rule_id === "AnA");
    expect(article).toMatchObject({ category: "grammar", suggestions: ["an"], message: expect.any(String) });
    expect(text.slice(article.offset, article.offset + article.length)).toBe("a");
    expect(body.counts.grammar).toBeGreaterThanOrEqual(2);
  });

  test("categories filter the issues and the counts", async () => {
    const body = await (await check(offline, { text: "This is a apple , i think.", language: "en", categories: ["punctuation"] })).json();
    expect(body.issues.every((i: { category: string }) => i.category === "punctuation")).toBe(true);
    expect(body.counts.grammar).toBe(0);
    expect(body.counts.punctuation).toBeGreaterThan(0);
  });

  test("Swedish offline has no checker: an empty answer that says so", async () => {
    const body = await (await check(offline, { text: "Jag såg dom igår.", language: "sv" })).json();
    expect(body).toMatchObject({ language: "sv", checker: "none", issues: [] });
  });

  test("with LANGUAGETOOL_URL, Swedish is checked by the LanguageTool server", async () => {
    const body = await (await check(withLanguageTool, { text: "Jag såg dom igår.", language: "sv" })).json();
    expect(body.checker).toBe("languagetool");
    expect(body.issues).toEqual([expect.objectContaining({ offset: 8, length: 3, rule_id: "DE_DEM", category: "grammar" })]);
    expect(languageTool.requests.at(-1)).toEqual({ text: "Jag såg dom igår.", language: "sv" });
  });

  test("a failing LanguageTool server is a 502 with a machine-readable code", async () => {
    languageTool.mode = "error";
    const response = await check(withLanguageTool, { text: "Jag såg dom.", language: "sv" });
    languageTool.mode = "ok";
    expect(response.status).toBe(502);
    expect((await response.json()).error_code).toBe("EXTERNAL_SERVICE_ERROR");
  });

  test("invalid bodies are 400 VALIDATION_ERROR; no key is 401", async () => {
    for (const body of [{}, { text: "x", language: "de" }, { text: 3, language: "en" }, { text: "x", language: "en", categories: ["nope"] }]) {
      const response = await check(offline, body);
      expect(response.status).toBe(400);
      expect((await response.json()).error_code).toBe("VALIDATION_ERROR");
    }
    expect((await check(offline, { text: "x", language: "en" }, null)).status).toBe(401);
  });
});
