import { describe, expect, test } from "bun:test";
import { buildComparisonPrompt, estimatePromptTokens } from "../src/domain/comparison-prompt.ts";
import type { ComparisonTask } from "../src/domain/comparison.ts";
import { buildFeedbackPrompt, parseFeedbackAnswer } from "../src/domain/feedback.ts";
import { UnparseableAnswerError } from "../src/domain/errors.ts";
import { FEEDBACK_DIMENSIONS } from "@shared/contracts/feedback.ts";

const task: ComparisonTask = {
  essay_a: { id: "essay-123", text: "The first essay text." },
  essay_b: { id: "essay-456", text: "The second essay text." },
  prompt_text: "Should homework be abolished?",
  instructions: "Write an argumentative essay.",
  language: "en",
};

describe("buildComparisonPrompt", () => {
  test("contains both essays, the instructions and the prompt, and asks for the JSON verdict", () => {
    const { system, user } = buildComparisonPrompt(task);
    expect(system).toContain("JSON");
    expect(user).toContain("<essay_a>\nThe first essay text.\n</essay_a>");
    expect(user).toContain("<essay_b>\nThe second essay text.\n</essay_b>");
    expect(user).toContain("Write an argumentative essay.");
    expect(user).toContain("Should homework be abolished?");
    expect(user).toContain('"winner": "essay_a" | "essay_b"');
    expect(user).toContain("confidence");
  });

  test("never sends essay ids, and says the order means nothing", () => {
    const { system, user } = buildComparisonPrompt(task);
    expect(system + user).not.toContain("essay-123");
    expect(user).toContain("random");
  });

  test("Swedish essays get a Swedish justification; no prompt section without prompt text", () => {
    const { user } = buildComparisonPrompt({ ...task, language: "sv", prompt_text: undefined });
    expect(user).toContain("written in Swedish");
    expect(user).toContain("sentences in Swedish");
    expect(user).not.toContain("Essay prompt");
  });

  test("the token estimate is above a four-characters-per-token count", () => {
    const prompt = buildComparisonPrompt(task);
    expect(estimatePromptTokens(prompt)).toBeGreaterThan((prompt.system.length + prompt.user.length) / 4);
  });
});

describe("feedback prompt and answer", () => {
  const feedbackTask = {
    essay_text: "My essay.",
    language: "sv" as const,
    corrections: { total: 2, examples: [{ original: "recieve", replacement: "receive" }] },
    metrics: { word_count: 2, mtld: null, lix: 30 },
  };

  test("includes the corrections, the metrics (also unknown ones) and the language", () => {
    const { user } = buildFeedbackPrompt(feedbackTask);
    expect(user).toContain('"recieve" → "receive"');
    expect(user).toContain("Spelling corrections found: 2");
    expect(user).toContain("- lix: 30");
    expect(user).not.toContain("mtld");
    expect(user).toContain("in Swedish");
  });

  test("asks for the structure with its JSON Schema, whose dimensions are the contract's", () => {
    const { user } = buildFeedbackPrompt(feedbackTask);
    const line = user.split("\n").findIndex((l) => l.startsWith("It must validate against this JSON Schema:"));
    expect(line).toBeGreaterThan(0);
    const schema = JSON.parse(user.split("\n")[line + 1]!) as { required: string[]; properties: { focus_areas: { maxItems: number; items: { properties: { dimension: { enum: string[] } } } } } };
    expect(schema.required).toEqual(["strengths", "focus_areas", "next_step"]);
    expect(schema.properties.focus_areas.maxItems).toBe(3);
    expect(schema.properties.focus_areas.items.properties.dimension.enum).toEqual([...FEEDBACK_DIMENSIONS]);
  });

  test("the grammar check's findings are shown as the essay has them; none without a check", () => {
    const essay_text = "Han gå till skolan varje dag.";
    const grammar = {
      language: "sv" as const, checker: "languagetool" as const,
      issues: [{ offset: 4, length: 2, rule_id: "VERB", category: "grammar" as const, message: "Fel verbform.", suggestions: ["går"] }],
      counts: { grammar: 1, punctuation: 0, typography: 0, style: 0, spelling: 0, other: 0 },
    };
    const { user } = buildFeedbackPrompt({ ...feedbackTask, corrections: { total: 0, examples: [] }, essay_text, grammar });
    expect(user).toContain("Grammar checker (languagetool) findings: 1");
    expect(user).toContain('[grammar] "gå" → "går" (Fel verbform.)');
    expect(buildFeedbackPrompt({ ...feedbackTask, essay_text }).user).not.toContain("Grammar checker");
  });

  test("an empty or unstructured answer is unparseable; quotes are anchored in the essay as written", () => {
    expect(() => parseFeedbackAnswer("   ", "openai", feedbackTask)).toThrow(UnparseableAnswerError);
    expect(() => parseFeedbackAnswer("Well done.", "openai", feedbackTask)).toThrow(UnparseableAnswerError);
    const task = { ...feedbackTask, essay_text: "I receive it. Good.", corrections: { total: 1, examples: [{ original: "recieve", replacement: "receive", offset: 2 }] } };
    const answer = JSON.stringify({
      strengths: [{ dimension: "conventions", point: "Short and clear.", quote: "Good." }],
      focus_areas: [{ dimension: "conventions", explanation: "Check spelling.", examples: [{ quote: "recieve", rewrite: "receive" }] }],
      next_step: "Proofread.",
    });
    const { feedback } = parseFeedbackAnswer(answer, "openai", task);
    expect(feedback?.focus_areas[0]?.examples[0]?.quote).toEqual({ text: "recieve", start: 2, end: 9 });
    expect(() => parseFeedbackAnswer(answer.replace("Good.", "Bad."), "openai", task)).toThrow("not in the essay");
  });
});
