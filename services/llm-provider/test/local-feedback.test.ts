import { describe, expect, test } from "bun:test";
import type { FeedbackTask } from "../src/domain/feedback.ts";
import { createLocalJudge } from "../src/providers/local-judge.ts";
import { PHONE_PROMPT, STRONG, SV_WEAK, WEAK } from "./fixtures/essays.ts";

const judge = createLocalJudge();

const weakTask: FeedbackTask = {
  essay_text: WEAK,
  prompt_text: PHONE_PROMPT,
  language: "en",
  corrections: {
    total: 7,
    examples: [
      { original: "becuase", replacement: "because" },
      { original: "freinds", replacement: "friends" },
    ],
  },
  metrics: { word_count: 97, paragraph_count: 2 },
};

describe("local feedback", () => {
  test("for a weak essay: advice on spelling with the student's own corrections, and on capitals", async () => {
    const { result, provider, costUsd } = await judge.writeFeedback(weakTask);
    expect(provider).toBe("local");
    expect(costUsd).toBe(0);
    expect(result.feedback_text).toStartWith("Your essay has 97 words in 2 paragraphs.");
    expect(result.feedback_text).toContain('"becuase" → "because"');
    expect(result.feedback_text).toContain("capital letter");
  });

  test("for a strong essay: praise and a next step, no spelling advice", async () => {
    const { result } = await judge.writeFeedback({
      essay_text: STRONG,
      prompt_text: PHONE_PROMPT,
      language: "en",
      corrections: { total: 0, examples: [] },
      metrics: {},
    });
    expect(result.feedback_text).toContain("Your spelling is accurate");
    expect(result.feedback_text).toContain("To take the essay further");
    expect(result.feedback_text).not.toContain("Check your spelling");
  });

  test("is deterministic", async () => {
    const first = await judge.writeFeedback(weakTask);
    const second = await judge.writeFeedback(structuredClone(weakTask));
    expect(second.result).toEqual(first.result);
  });

  test("writes Swedish feedback for Swedish essays", async () => {
    const { result } = await judge.writeFeedback({
      essay_text: SV_WEAK,
      language: "sv",
      corrections: { total: 0, examples: [] },
      metrics: {},
    });
    expect(result.feedback_text).toStartWith("Din text har");
    expect(result.feedback_text).toContain("stor bokstav");
  });
});
