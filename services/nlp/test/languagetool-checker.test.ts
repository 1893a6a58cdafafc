import { afterAll, beforeAll, describe, expect, test } from "bun:test";
import { createLanguageToolChecker } from "../src/grammar/languagetool-checker.ts";
import { startFakeLanguageTool, type FakeLanguageTool } from "./support/fake-languagetool.ts";

let server: FakeLanguageTool;
beforeAll(() => {
  server = startFakeLanguageTool();
});
afterAll(async () => {
  await server.stop();
});

describe("LanguageTool checker over its /v2/check protocol", () => {
  test("sends text and language as a form, maps matches to issues", async () => {
    server.mode = "ok";
    const checker = createLanguageToolChecker({ baseUrl: `${server.url}/`, timeoutMs: 1000 });
    const text = "Jag såg dom igår.";
    const issues = await checker.check(text, "sv");
    expect(server.requests.at(-1)).toEqual({ text, language: "sv" });
    expect(issues).toEqual([{
      offset: 8, length: 3, rule_id: "DE_DEM", category: "grammar", message: "Troligen menas 'de' eller 'dem'.", suggestions: ["de", "dem"],
    }]);
    expect(text.slice(8, 11)).toBe("dom");
  });

  test("English is checked as en-GB; casing maps to typography", async () => {
    server.mode = "ok";
    const issues = await createLanguageToolChecker({ baseUrl: server.url, timeoutMs: 1000 }).check("Well, i think so.", "en");
    expect(server.requests.at(-1)?.language).toBe("en-GB");
    expect(issues.map((i) => [i.rule_id, i.category, i.offset])).toEqual([["I_LOWERCASE", "typography", 6]]);
  });

  test("a server error, a malformed answer and a timeout are errors", async () => {
    const checker = createLanguageToolChecker({ baseUrl: server.url, timeoutMs: 200 });
    server.mode = "error";
    expect(checker.check("x", "sv")).rejects.toThrow("500");
    server.mode = "malformed";
    expect(checker.check("x", "sv")).rejects.toThrow("unexpected shape");
    server.mode = "slow";
    expect(checker.check("x", "sv")).rejects.toThrow();
    server.mode = "ok";
  });
});
