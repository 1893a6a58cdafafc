import { afterAll, beforeAll, expect, test } from "bun:test";
import { ConfigError } from "@shared/config/load-config.ts";
import { loadSpellcheckerConfig } from "../src/config.ts";
import { startSpellcheckerStack, type SpellcheckerStack } from "./support/spellchecker-stack.ts";

// SPELLCHECKER_WARM_LANGUAGES=en (the single-process default): only English loads at start; a
// Swedish essay loads its dictionary on arrival and gets the same corrections as when warmed.
let stack: SpellcheckerStack;
beforeAll(async () => {
  stack = await startSpellcheckerStack({ env: { SPELLCHECKER_WARM_LANGUAGES: "en" } });
});
afterAll(async () => {
  await stack.stop();
});

test("the setting: a list of languages, 'none', default every language; anything else is refused", () => {
  expect(loadSpellcheckerConfig({}).WARM_LANGUAGES).toEqual(["en", "sv"]);
  expect(loadSpellcheckerConfig({ SPELLCHECKER_WARM_LANGUAGES: "sv" }).WARM_LANGUAGES).toEqual(["sv"]);
  expect(loadSpellcheckerConfig({ SPELLCHECKER_WARM_LANGUAGES: "none" }).WARM_LANGUAGES).toEqual([]);
  expect(() => loadSpellcheckerConfig({ SPELLCHECKER_WARM_LANGUAGES: "en,de" })).toThrow(ConfigError);
});

test("only the warm languages load at start; a Swedish essay is corrected all the same", async () => {
  const loaded = stack.logger.lines.filter((l) => l.msg === "dictionary loaded").map((l) => l.language);
  expect(loaded).toEqual(["en"]);
  const text = await Bun.file(new URL("./fixtures/essay-sv.txt", import.meta.url)).text();
  const textId = await stack.store(text);
  await stack.request({ batch_id: "batch-1", essay_id: "sv-lazy", text_storage_id: textId, language: "sv" });
  const { data } = await stack.awaitResult("sv-lazy", 30_000);
  expect(data).toMatchObject({ status: "success", language: "sv", correction_count: 10, word_count: 375 });
  expect(data.corrections.map((c) => c.replacement)).toEqual([
    "eftersom", "därför", "ungdomar", "Egentligen", "tillsammans", "också", "intressant", "framtiden", "Samhället", "Kanske",
  ]);
}, 60_000);
