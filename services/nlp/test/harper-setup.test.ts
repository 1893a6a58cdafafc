import { afterAll, beforeAll, expect, test } from "bun:test";
import * as v from "valibot";
import { ConfigError } from "@shared/config/load-config.ts";
import { EssayGrammarCheckSchema } from "@shared/contracts/grammar.ts";
import { loadNlpConfig } from "../src/config.ts";
import { createHarperChecker } from "../src/grammar/harper-checker.ts";
import { startNlpStack, type NlpStack } from "./support/nlp-stack.ts";

// NLP_HARPER_SETUP=first-use (the single-process default): Harper is not set up at start; the
// first English essay sets it up and gets the grammar issues a warmed Harper finds.
let stack: NlpStack;
beforeAll(async () => {
  stack = await startNlpStack({ env: { NLP_HARPER_SETUP: "first-use" } });
});
afterAll(async () => {
  await stack.stop();
});

test("the setting: start by default, first-use on request, anything else refused", () => {
  expect(loadNlpConfig({}).HARPER_SETUP).toBe("start");
  expect(loadNlpConfig({ NLP_HARPER_SETUP: "first-use" }).HARPER_SETUP).toBe("first-use");
  expect(() => loadNlpConfig({ NLP_HARPER_SETUP: "later" })).toThrow(ConfigError);
});

test("Harper is left out of the start-up warm-up, and the first essay gets the same issues as a warmed Harper", async () => {
  const ready = stack.logger.lines.find((l) => l.msg === "language resources ready");
  expect(ready?.harper).toBe(false);
  const text = await Bun.file(new URL("./fixtures/essay-en.txt", import.meta.url)).text();
  const textId = await stack.store(text);
  await stack.request({ batch_id: "batch-1", essay_id: "en-lazy", text_storage_id: textId, language: "en" });
  const { data } = await stack.awaitResult("en-lazy", 60_000);
  expect(data.metrics?.grammar_checker).toBe("harper");
  const res = await stack.fetchContent(data.grammar_storage_id ?? "");
  const check = v.parse(EssayGrammarCheckSchema, await res.json());
  const direct = await createHarperChecker().check(text, "en");
  const key = (issues: readonly { offset: number; length: number; rule_id: string }[]) =>
    issues.map((i) => `${i.offset}:${i.length}:${i.rule_id}`).sort();
  expect(key(check.issues)).toEqual(key(direct));
  expect(check.issues.length).toBeGreaterThan(0);
}, 90_000);
