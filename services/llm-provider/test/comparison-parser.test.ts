import { describe, expect, test } from "bun:test";
import * as v from "valibot";
import { ComparisonTaskSchema, parseComparisonAnswer } from "../src/domain/comparison.ts";
import { UnparseableAnswerError } from "../src/domain/errors.ts";

function parseError(text: string): UnparseableAnswerError {
  try {
    parseComparisonAnswer(text, "anthropic");
  } catch (error) {
    if (error instanceof UnparseableAnswerError) return error;
    throw error;
  }
  throw new Error("expected an UnparseableAnswerError");
}

describe("parseComparisonAnswer", () => {
  test("reads a bare JSON answer", () => {
    expect(parseComparisonAnswer('{"winner":"essay_b","justification":"Clearer argument.","confidence":0.72}')).toEqual({
      winner: "essay_b",
      justification: "Clearer argument.",
      confidence: 0.72,
    });
  });

  test("reads JSON inside a ```json fence surrounded by prose", () => {
    const text = 'After reading both:\n```json\n{\n  "winner": "essay_a",\n  "justification": "Better structure.",\n  "confidence": 0.9\n}\n```\nHope this helps.';
    expect(parseComparisonAnswer(text)).toEqual({ winner: "essay_a", justification: "Better structure.", confidence: 0.9 });
  });

  test("reads JSON embedded in prose without a fence, braces inside strings included", () => {
    const text = 'My verdict is {"winner": "essay_a", "justification": "Uses {clear} topic sentences.", "confidence": 0.6} overall.';
    expect(parseComparisonAnswer(text).justification).toBe("Uses {clear} topic sentences.");
  });

  test("accepts label variants and a numeric string confidence", () => {
    expect(parseComparisonAnswer('{"winner":"Essay B","justification":"x","confidence":"0.55"}').winner).toBe("essay_b");
    expect(parseComparisonAnswer('{"winner":"A","justification":"x","confidence":1}').winner).toBe("essay_a");
    expect(parseComparisonAnswer('{"winner":"essay-a","justification":"x","confidence":0}').confidence).toBe(0);
  });

  test("skips an invalid object and takes the first valid one", () => {
    const text = 'Scores: {"a": 3, "b": 4}. Final: {"winner":"essay_b","justification":"More precise.","confidence":0.8}';
    expect(parseComparisonAnswer(text).winner).toBe("essay_b");
  });

  test("an answer without JSON is an error result, not retryable", () => {
    const error = parseError("I think both essays are good in their own way.");
    expect(error.kind).toBe("unparseable_answer");
    expect(error.retryable).toBe(false);
    expect(error.provider).toBe("anthropic");
    expect(error.code).toBe("PROCESSING_ERROR");
  });

  test("confidence outside 0..1, an unknown winner or an empty justification are errors", () => {
    expect(parseError('{"winner":"essay_a","justification":"x","confidence":4}').message).toContain("confidence");
    expect(parseError('{"winner":"tie","justification":"x","confidence":0.5}').message).toContain("winner");
    expect(parseError('{"winner":"essay_a","justification":"  ","confidence":0.5}').message).toContain("justification");
  });

  test("truncated JSON is an error", () => {
    parseError('```json\n{"winner": "essay_a", "justification": "The first essay');
  });
});

describe("ComparisonTaskSchema", () => {
  const task = {
    essay_a: { id: "e1", text: "One." },
    essay_b: { id: "e2", text: "Two." },
    instructions: "Compare.",
    language: "sv",
  };

  test("accepts a task with optional prompt text left out", () => {
    expect(v.parse(ComparisonTaskSchema, task).language).toBe("sv");
  });

  test("rejects an unsupported language and an empty essay", () => {
    expect(v.safeParse(ComparisonTaskSchema, { ...task, language: "de" }).success).toBe(false);
    expect(v.safeParse(ComparisonTaskSchema, { ...task, essay_b: { id: "e2", text: "" } }).success).toBe(false);
  });
});
