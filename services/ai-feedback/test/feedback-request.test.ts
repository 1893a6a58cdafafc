import { describe, expect, test } from "bun:test";
import { LlmFeedbackCompletedTopic, LlmFeedbackRequestSchema } from "@shared/contracts/events/llm.ts";
import * as v from "valibot";
import { buildFeedbackRequest, feedbackPreview, MAX_CORRECTIONS_IN_REQUEST } from "../src/domain/feedback-request.ts";

describe("feedbackPreview", () => {
  test("short text is kept whole with whitespace collapsed", () => {
    expect(feedbackPreview("Good work.\n\n  Keep going.", 100)).toBe("Good work. Keep going.");
  });
  test("long text is cut at a word boundary within the limit, with an ellipsis", () => {
    const preview = feedbackPreview("Your essay is well structured and your arguments are clear and convincing.", 40);
    expect(preview).toBe("Your essay is well structured and your…");
    expect(preview.length).toBeLessThanOrEqual(40);
  });
  test("a single long word is cut hard", () => {
    expect(feedbackPreview("x".repeat(50), 21)).toBe(`${"x".repeat(20)}…`);
  });
});

describe("buildFeedbackRequest", () => {
  const request = { batch_id: "b1", essay_id: "e1", text_storage_id: "t1", language: "sv" as const, essay_instructions: "Skriv.", user_id: "u1" };
  const input = {
    requestId: "r1", request, correlationId: "c1", promptText: "Prompt", requester: "ai-feedback", priority: 3, expiresAt: null,
    context: {
      corrections: [{ original: "a", replacement: "b", offset: 4 }], correctionCount: 1, metrics: { word_count: 10 }, grammarStorageId: null,
      batchNorms: { log_words: { mean: 5, sd: 0.5, n: 20 } }, cjPosition: null,
    },
  };

  test("a valid LPS request answering on the feedback result topic with routing metadata", () => {
    const built = buildFeedbackRequest(input);
    expect(v.safeParse(LlmFeedbackRequestSchema, built).success).toBe(true);
    expect(built).toEqual({
      request_id: "r1", language: "sv", instructions: "Skriv.", prompt_text: "Prompt", priority: 3, expires_at: null,
      callback_topic: LlmFeedbackCompletedTopic.name,
      metadata: { batch_id: "b1", essay_id: "e1", correlation_id: "c1", requester: "ai-feedback", user_id: "u1" },
      essay: { id: "e1", text_storage_id: "t1" },
      corrections_summary: [{ original: "a", replacement: "b", offset: 4 }],
      metrics: { word_count: 10, spelling_correction_count: 1 },
      batch_norms: { log_words: { mean: 5, sd: 0.5, n: 20 } },
    });
  });

  test("corrections are capped; the full count still travels as a metric", () => {
    const many = Array.from({ length: MAX_CORRECTIONS_IN_REQUEST + 50 }, (_, i) => ({ original: `w${i}`, replacement: `v${i}` }));
    const built = buildFeedbackRequest({ ...input, context: { corrections: many, correctionCount: many.length, metrics: {}, grammarStorageId: null, batchNorms: {}, cjPosition: null } });
    expect(built.corrections_summary).toHaveLength(MAX_CORRECTIONS_IN_REQUEST);
    expect(built.metrics).toEqual({ spelling_correction_count: MAX_CORRECTIONS_IN_REQUEST + 50 });
  });

  test("the grammar check travels as its storage id only", () => {
    const built = buildFeedbackRequest({ ...input, context: { ...input.context, grammarStorageId: "g1" } });
    expect(v.safeParse(LlmFeedbackRequestSchema, built).success).toBe(true);
    expect(built.grammar_storage_id).toBe("g1");
    expect(built).not.toHaveProperty("grammar");
    expect(buildFeedbackRequest(input)).not.toHaveProperty("grammar_storage_id");
  });
});
