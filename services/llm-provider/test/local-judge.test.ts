import { describe, expect, test } from "bun:test";
import type { ComparisonTask } from "../src/domain/comparison.ts";
import { measureEssay } from "@shared/text-analysis/essay-profile.ts";
import { createLocalJudge } from "../src/providers/local-judge.ts";
import { loadTextResources } from "../src/providers/text-resources.ts";
import english from "../src/domain/judge-coefficients/en.json";
import { judgeModelFrom, parseJudgeCoefficients } from "../src/domain/judge-model.ts";
import { judgeModelFor } from "../src/providers/judge-models.ts";
import {
  GOOD,
  PHONE_INSTRUCTIONS,
  PHONE_PROMPT,
  POOR,
  RANKED_EN,
  STRONG,
  SV_INSTRUCTIONS,
  SV_STRONG,
  SV_WEAK,
} from "./fixtures/essays.ts";

const judge = createLocalJudge();

function pair(a: string, b: string, ids: [string, string] = ["a", "b"]): ComparisonTask {
  return {
    essay_a: { id: ids[0], text: a },
    essay_b: { id: ids[1], text: b },
    prompt_text: PHONE_PROMPT,
    instructions: PHONE_INSTRUCTIONS,
    language: "en",
  };
}

function swapped(task: ComparisonTask): ComparisonTask {
  return { ...task, essay_a: task.essay_b, essay_b: task.essay_a };
}

const winnerId = (task: ComparisonTask, winner: "essay_a" | "essay_b") => task[winner].id;

describe("local judge", () => {
  test("is deterministic: the same pair gives the same verdict", async () => {
    const task = pair(GOOD, STRONG);
    const first = await judge.compare(task);
    const second = await judge.compare(structuredClone(task));
    expect(second.result).toEqual(first.result);
    expect(first.provider).toBe("local");
    expect(first.costUsd).toBe(0);
  });

  test("prefers the clearly better essay in every pair of the ranked set", async () => {
    for (let i = 0; i < RANKED_EN.length; i++) {
      for (let j = i + 1; j < RANKED_EN.length; j++) {
        const task = pair(RANKED_EN[j] as string, RANKED_EN[i] as string, [`rank${j}`, `rank${i}`]);
        const { result } = await judge.compare(task);
        expect({ i, j, winner: winnerId(task, result.winner) }).toEqual({ i, j, winner: `rank${i}` });
      }
    }
  });

  test("is position-independent: swapping A and B swaps the winner, same confidence", async () => {
    for (let i = 0; i < RANKED_EN.length; i++) {
      for (let j = i + 1; j < RANKED_EN.length; j++) {
        const task = pair(RANKED_EN[i] as string, RANKED_EN[j] as string, [`x${i}`, `x${j}`]);
        const straight = (await judge.compare(task)).result;
        const reverse = (await judge.compare(swapped(task))).result;
        expect(winnerId(swapped(task), reverse.winner)).toBe(winnerId(task, straight.winner));
        expect(reverse.confidence).toBe(straight.confidence);
      }
    }
  });

  test("an exact tie (identical texts) is still position-independent, decided by id", async () => {
    const task = pair(GOOD, GOOD, ["id-2", "id-1"]);
    const straight = (await judge.compare(task)).result;
    const reverse = (await judge.compare(swapped(task))).result;
    expect(straight.confidence).toBe(0.5);
    expect(winnerId(task, straight.winner)).toBe("id-1");
    expect(winnerId(swapped(task), reverse.winner)).toBe("id-1");
  });

  test("is more confident about a wide gap than a narrow one, within 0.5..0.99", async () => {
    const wide = (await judge.compare(pair(POOR, STRONG))).result.confidence;
    const narrow = (await judge.compare(pair(GOOD, STRONG))).result.confidence;
    expect(wide).toBeGreaterThan(narrow);
    expect(narrow).toBeGreaterThan(0.5);
    expect(wide).toBeLessThanOrEqual(0.99);
  });

  test("the justification names the winner and the deciding features", async () => {
    const { result } = await judge.compare(pair(POOR, STRONG));
    expect(result.winner).toBe("essay_b");
    expect(result.justification).toStartWith("Essay B is stronger, with ");
    expect(result.justification).toMatch(/spelling|vocabulary|developed|sentences|paragraphing|links between ideas|capitalisation/);
  });

  test("judges Swedish essays with the Swedish dictionary", async () => {
    const task: ComparisonTask = {
      essay_a: { id: "weak", text: SV_WEAK },
      essay_b: { id: "strong", text: SV_STRONG },
      instructions: SV_INSTRUCTIONS,
      language: "sv",
    };
    expect((await judge.compare(task)).result.winner).toBe("essay_b");
    expect((await judge.compare(swapped(task))).result.winner).toBe("essay_a");
  });

  test("honours an aborted signal", async () => {
    const controller = new AbortController();
    controller.abort(new Error("stop"));
    expect(judge.compare(pair(GOOD, STRONG), { signal: controller.signal })).rejects.toThrow("stop");
  });
});

describe("the judge's text resources", () => {
  test("count misspellings but skip names and acronyms; accept British spelling and closed compounds", async () => {
    const profile = measureEssay(
      "My favourite colour is blue. Yesterday Karolina recieved a NASA poster about wellbeing becuase she organised it.",
      "en",
      await loadTextResources("en"),
    );
    expect(profile.misspelledWords).toEqual(["recieved", "becuase"]);
  });

  test("Swedish: common forms the dictionary marks compound-only elsewhere are words (brukar, älskar, gatan)", async () => {
    const profile = measureEssay("Jag brukar gå på gatan. Hon älskar att spela fotboll. Vi spelar ofta.", "sv", await loadTextResources("sv"));
    expect(profile.misspelledWords).toEqual([]);
    expect(measureEssay("Jag brukar gå på gatn.", "sv", await loadTextResources("sv")).misspelledWords).toEqual(["gatn"]);
  });
});

describe("the local judge with a model that weighs Harper's grammar rate", () => {
  // The committed English model plus grammar_error_rate at the weight the refit gave it.
  const coefficients = parseJudgeCoefficients(english);
  const withGrammar = judgeModelFrom({
    ...coefficients,
    features: [...coefficients.features, { name: "grammar_error_rate", mean: 0.322617, sd: 0.650327, weight: -0.202949 }],
  });
  const grammarJudge = createLocalJudge({ modelFor: (language) => (language === "en" ? withGrammar : judgeModelFor(language)) });

  test("lints English essays: the same essay with two article errors loses, and the justification says why", async () => {
    const flawed = GOOD.replace("are a big part", "are an big part").replace("use a calculator", "use an calculator");
    expect(flawed).not.toBe(GOOD);
    const task = pair(flawed, GOOD, ["flawed", "clean"]);
    const { result } = await grammarJudge.compare(task);
    expect(winnerId(task, result.winner)).toBe("clean");
    expect(result.justification).toContain("fewer grammar errors");
    expect(winnerId(swapped(task), (await grammarJudge.compare(swapped(task))).result.winner)).toBe("clean");
    // The committed model does not weigh grammar, so it cannot tell these two apart by it.
    expect((await judge.compare(task)).result.justification).not.toContain("grammar");
  }, 60_000);
});
