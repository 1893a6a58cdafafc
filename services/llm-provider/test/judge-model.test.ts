import { describe, expect, test } from "bun:test";
import english from "../src/domain/judge-coefficients/en.json";
import swedish from "../src/domain/judge-coefficients/sv.json";
import { measureEssay } from "@shared/text-analysis/essay-profile.ts";
import { ENGLISH_MODEL_FEATURES, judgeModelFrom, parseJudgeCoefficients, probabilityAWins } from "../src/domain/judge-model.ts";
import { judgeFromProfiles } from "../src/domain/local-verdict.ts";
import { loadTextResources } from "../src/providers/text-resources.ts";
import { GOOD, POOR, STRONG } from "./fixtures/essays.ts";

describe("judge coefficients", () => {
  test("both committed files load, name known features, and the English one uses every English feature", () => {
    const en = parseJudgeCoefficients(english);
    const sv = parseJudgeCoefficients(swedish);
    expect(en.features.map((f) => f.name).sort()).toEqual([...ENGLISH_MODEL_FEATURES].sort());
    expect(sv.features.length).toBeGreaterThan(10);
    expect(sv.features.length).toBeLessThan(en.features.length);
  });

  test("a file naming an unknown feature or a zero sd is refused", () => {
    const bad = { ...english, features: [{ name: "shoe_size", mean: 0, sd: 1, weight: 1 }] };
    expect(() => parseJudgeCoefficients(bad)).toThrow("unknown feature name");
    const zero = { ...english, features: [{ name: "log_words", mean: 0, sd: 0, weight: 1 }] };
    expect(() => parseJudgeCoefficients(zero)).toThrow();
  });

  test("swapping A and B flips the probability exactly", () => {
    for (const [a, b] of [[0.3, -1.2], [2, 2], [-5, 4.5]] as const) {
      expect(probabilityAWins(a, b) + probabilityAWins(b, a)).toBe(1);
    }
    expect(probabilityAWins(1, 1)).toBe(0.5);
  });

  test("the verdict's confidence is the model probability of the stronger essay, the same both ways", async () => {
    const model = judgeModelFrom(parseJudgeCoefficients(english));
    const r = await loadTextResources("en");
    const poor = measureEssay(POOR, "en", r);
    const strong = measureEssay(STRONG, "en", r);
    const task = { essay_a: { id: "p", text: POOR }, essay_b: { id: "s", text: STRONG }, instructions: "", language: "en" as const };
    const straight = judgeFromProfiles(task, poor, strong, model);
    const reverse = judgeFromProfiles({ ...task, essay_a: task.essay_b, essay_b: task.essay_a }, strong, poor, model);
    const p = probabilityAWins(model.ability(strong), model.ability(poor));
    expect(straight).toMatchObject({ winner: "essay_b", confidence: Math.round(Math.min(0.99, p) * 1000) / 1000 });
    expect(reverse.winner).toBe("essay_a");
    expect(reverse.confidence).toBe(straight.confidence);
    expect(model.ability(measureEssay(GOOD, "en", r))).toBeGreaterThan(model.ability(poor));
  });

  test("a missing feature (no tagger) counts at the training mean and adds nothing", () => {
    const model = judgeModelFrom(parseJudgeCoefficients(english));
    const profile = { features: {}, wordCount: 0, sentenceCount: 0, paragraphCount: 0, misspelledWords: [], promptCoverage: null };
    expect(model.ability(profile)).toBe(0);
  });
});
