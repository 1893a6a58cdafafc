import { afterAll, beforeAll, describe, expect, test } from "bun:test";
import { ResourceConsumptionTopic } from "@shared/contracts/events/entitlements.ts";
import { EssayAIFeedbackRequestedTopic, type EssayProcessingRequest } from "@shared/contracts/events/els.ts";
import { LlmFeedbackCompletedTopic } from "@shared/contracts/events/llm.ts";
import { ELSBatchPhaseOutcomeTopic } from "@shared/contracts/events/phase-outcome.ts";
import { EssayAIFeedbackCompletedTopic, EssayNlpCompletedTopic, EssaySpellcheckCompletedTopic } from "@shared/contracts/events/phase-results.ts";
import type { StructuredFeedback } from "@shared/contracts/feedback.ts";
import type { TopicData } from "@shared/contracts/topics.ts";
import { eventually, startFeedbackStack, type FeedbackStack } from "./support/feedback-stack.ts";
import { standInFeedback } from "./support/lps-standin.ts";
import { nlpOutcome, spellcheckOutcome } from "./support/phase-outcomes.ts";

type EssayResult = TopicData<typeof EssayAIFeedbackCompletedTopic>;
type Consumption = TopicData<typeof ResourceConsumptionTopic>;

let s: FeedbackStack;
beforeAll(async () => { s = await startFeedbackStack(); });
afterAll(async () => { await s.stop(); });

async function essay(text = "My summer was grate. I went too the sea and swam every day.") {
  return { batchId: `batch-${crypto.randomUUID()}`, essayId: `essay-${crypto.randomUUID()}`, textStorageId: await s.store(text) };
}
function requestData(e: { batchId: string; essayId: string; textStorageId: string }, extra: Partial<EssayProcessingRequest> = {}): EssayProcessingRequest {
  return {
    batch_id: e.batchId, essay_id: e.essayId, text_storage_id: e.textStorageId, language: "en",
    essay_instructions: "Write about your summer.", user_id: "teacher-1", ...extra,
  };
}
const resultsFor = (essayId: string) => s.events<EssayResult>(EssayAIFeedbackCompletedTopic, essayId);
const awaitResult = async (essayId: string) => (await eventually(async () => { const r = await resultsFor(essayId); return r.length > 0 && r; }, 10_000, `result for ${essayId}`))[0]!;
const consumptionsFor = async (batchId: string) =>
  (await s.events<Consumption>(ResourceConsumptionTopic)).filter((e) => e.data.batch_id === batchId);
const lpsRequestsFor = (essayId: string) => s.lps.requests.filter((r) => r.metadata.essay_id === essayId);

const STRUCTURED: StructuredFeedback = {
  language: "en",
  strengths: [{ dimension: "development", point: "You describe the sea vividly.", quote: { text: "swam every day", start: 45, end: 59 } }],
  focus_areas: [{
    dimension: "conventions", rank: 1, explanation: "Check homophones.", examples: [{ quote: { text: "grate", start: 14, end: 19 }, rewrite: "great" }],
    evidence: [{ signal: "spelling_corrections_per_100_words", value: 15.4, expected: 2, z: -3.1, source: "spellcheck" }],
  }],
  next_step: "Proofread one paragraph at a time.",
};

describe("structured feedback and batch norms", () => {
  test("LPS gets the norms of the batch's measured essays; the structured feedback reaches the result event", async () => {
    const batchId = `batch-${crypto.randomUUID()}`;
    const essays = await Promise.all([120, 240, 360].map(async (words) => ({ batchId, essayId: `essay-${crypto.randomUUID()}`, textStorageId: await s.store("Text."), words })));
    await s.publish(ELSBatchPhaseOutcomeTopic, spellcheckOutcome(batchId, essays.map((e) => ({ ...e, correctionCount: e.words / 60 }))));
    await s.publish(ELSBatchPhaseOutcomeTopic, nlpOutcome(batchId, essays.map((e) => ({
      ...e, metrics: { word_count: e.words, sentence_count: 10, paragraph_count: 3, mtld: 50, flesch_reading_ease: 70 },
    }))));
    await s.settled();
    s.lps.reply = (request) => [{ status: "success", feedback_text: standInFeedback(request), feedback: STRUCTURED }];
    try {
      const target = essays[0]!;
      await s.publish(EssayAIFeedbackRequestedTopic, requestData(target));
      const result = await awaitResult(target.essayId);
      const [sent] = lpsRequestsFor(target.essayId);
      expect(sent!.batch_norms.log_words).toEqual({ mean: expect.closeTo((Math.log(120) + Math.log(240) + Math.log(360)) / 3, 9), sd: expect.any(Number), n: 3 });
      // 2, 4 and 6 corrections in 120, 240 and 360 words: 1.67 per 100 words, no spread.
      expect(sent!.batch_norms.spelling_corrections_per_100_words).toEqual({ mean: expect.closeTo(5 / 3, 9), sd: expect.closeTo(0, 9), n: 3 });
      expect(sent!.batch_norms.mtld).toEqual({ mean: 50, sd: 0, n: 3 });
      // The structure quotes the essay: the event carries its storage id, never the quotes themselves.
      expect(result.data.feedback).toBeNull();
      expect(JSON.stringify(result.data)).not.toContain('"grate"');
      const stored = await s.fetchContent(result.data.feedback_json_storage_id as string);
      expect(stored.status).toBe(200);
      expect(JSON.parse(await stored.text())).toEqual(STRUCTURED);
    } finally {
      s.lps.reply = (request) => [{ status: "success", feedback_text: standInFeedback(request) }];
    }
  });
});

describe("feedback for one essay", () => {
  test("prompt, corrections and metrics go to LPS; the feedback is stored and the result and one consumption published", async () => {
    const e = await essay();
    const promptId = await s.store("Describe a memorable summer.");
    await s.publish(ELSBatchPhaseOutcomeTopic, spellcheckOutcome(e.batchId, [{
      ...e, correctionCount: 2, corrections: [{ offset: 15, original: "grate", replacement: "great" }, { offset: 29, original: "too", replacement: "to" }],
    }]));
    await s.publish(ELSBatchPhaseOutcomeTopic, nlpOutcome(e.batchId, [{ ...e, metrics: { word_count: 13, sentence_count: 2, flesch_reading_ease: 92.5 } }]));
    await s.settled();
    const request = await s.publish(EssayAIFeedbackRequestedTopic, requestData(e, {
      student_prompt_ref: { references: { student_prompt_text: { storage_id: promptId } } },
    }), { correlationId: "corr-feedback-1" });
    const result = await awaitResult(e.essayId);

    const [sent] = lpsRequestsFor(e.essayId);
    expect(sent).toEqual({
      request_id: expect.any(String), language: "en", instructions: "Write about your summer.", prompt_text: "Describe a memorable summer.",
      priority: 5, expires_at: null, callback_topic: LlmFeedbackCompletedTopic.name, provider_override: undefined, model_override: undefined,
      metadata: { batch_id: e.batchId, essay_id: e.essayId, correlation_id: "corr-feedback-1", requester: "ai-feedback", user_id: "teacher-1" },
      essay: { id: e.essayId, text_storage_id: e.textStorageId },
      corrections_summary: [{ original: "grate", replacement: "great", offset: 15 }, { original: "too", replacement: "to", offset: 29 }],
      metrics: { word_count: 13, sentence_count: 2, flesch_reading_ease: 92.5, spelling_correction_count: 2 },
      // One essay of the batch measured so far: too few for a norm.
      batch_norms: {},
    });

    expect(result.correlation_id).toBe(request.correlation_id);
    expect(result.data).toMatchObject({
      batch_id: e.batchId, essay_id: e.essayId, status: "success", error: null, text_storage_id: e.textStorageId, provider: "standin",
    });
    const feedback = standInFeedback(sent!);
    expect(result.data.feedback_preview).toBe(feedback.replace(/\s+/g, " "));
    const stored = await s.fetchContent(String(result.data.feedback_storage_id));
    expect(stored.headers.get("Content-Type")).toBe("text/plain; charset=utf-8");
    expect(await stored.text()).toBe(feedback);

    await s.settled();
    const consumptions = await consumptionsFor(e.batchId);
    expect(consumptions.map((c) => c.data)).toEqual([{ user_id: "teacher-1", org_id: null, batch_id: e.batchId, resource: "ai_feedback", quantity: 1 }]);
    expect(consumptions[0]?.correlation_id).toBe("corr-feedback-1");
  });

  test("an LPS error result fails the essay with that error and consumes nothing", async () => {
    const e = await essay();
    s.lps.reply = () => [{ status: "error", error: { code: "RATE_LIMIT", message: "vendor overloaded", retryable: true } }];
    try {
      await s.publish(EssayAIFeedbackRequestedTopic, requestData(e));
      const result = await awaitResult(e.essayId);
      expect(result.data).toEqual({
        batch_id: e.batchId, essay_id: e.essayId, status: "failed", error: { code: "RATE_LIMIT", message: "vendor overloaded" },
        text_storage_id: e.textStorageId, feedback_storage_id: null, feedback_preview: null, feedback: null, feedback_json_storage_id: null, provider: "standin",
      });
      await s.settled();
      expect(await consumptionsFor(e.batchId)).toHaveLength(0);
      const row = s.sqlite.query("SELECT status, error_code FROM feedback_requests WHERE essay_id = ?").get(e.essayId);
      expect(row).toEqual({ status: "failed", error_code: "RATE_LIMIT" });
    } finally {
      s.lps.reply = (r) => [{ status: "success", feedback_text: standInFeedback(r) }];
    }
  });

  test("an empty feedback text fails the essay", async () => {
    const e = await essay();
    s.lps.reply = () => [{ status: "success", feedback_text: "  \n " }];
    try {
      await s.publish(EssayAIFeedbackRequestedTopic, requestData(e));
      expect((await awaitResult(e.essayId)).data).toMatchObject({ status: "failed", error: { code: "PROCESSING_ERROR" }, feedback_storage_id: null });
    } finally {
      s.lps.reply = (r) => [{ status: "success", feedback_text: standInFeedback(r) }];
    }
  });

  test("duplicate delivery of the request and duplicate callbacks: one LPS request, one result, one consumption", async () => {
    const e = await essay();
    s.lps.reply = (r) => [{ status: "success", feedback_text: standInFeedback(r) }, { status: "success", feedback_text: "A second, late answer." }];
    try {
      const request = await s.publish(EssayAIFeedbackRequestedTopic, requestData(e));
      await s.republish(EssayAIFeedbackRequestedTopic, request);
      await awaitResult(e.essayId);
      await s.settled();
      const first = s.lps.results.find((r) => r.data.metadata.essay_id === e.essayId);
      await s.republish(LlmFeedbackCompletedTopic, first!);
      await s.settled();
      expect(lpsRequestsFor(e.essayId)).toHaveLength(1);
      const results = await resultsFor(e.essayId);
      expect(results).toHaveLength(1);
      expect(await (await s.fetchContent(String(results[0]?.data.feedback_storage_id))).text()).toBe(standInFeedback(lpsRequestsFor(e.essayId)[0]!));
      expect(await consumptionsFor(e.batchId)).toHaveLength(1);
      expect(s.logger.lines.some((l) => l.msg === "feedback request already settled; duplicate result ignored" && l.essay_id === e.essayId)).toBe(true);
    } finally {
      s.lps.reply = (r) => [{ status: "success", feedback_text: standInFeedback(r) }];
    }
  });
});

describe("what the request is built from", () => {
  test("the newest corrections and metrics are kept whatever order they arrive in; failed phase results change nothing", async () => {
    const e = await essay();
    const nlp = (word_count: number, failed = false) => nlpOutcome(e.batchId, [{ ...e, metrics: { word_count }, failed }]);
    const rerun = await s.publish(ELSBatchPhaseOutcomeTopic, nlp(200), { timestamp: "2030-01-02T00:00:00.000Z" });
    await s.publish(ELSBatchPhaseOutcomeTopic, nlp(100), { timestamp: "2030-01-01T00:00:00.000Z" });
    await s.publish(ELSBatchPhaseOutcomeTopic, nlp(0, true), { timestamp: "2030-01-03T00:00:00.000Z" });
    await s.publish(ELSBatchPhaseOutcomeTopic, spellcheckOutcome(e.batchId, [{ ...e, correctionCount: 0, failed: true }]));
    await s.settled();
    await s.republish(ELSBatchPhaseOutcomeTopic, rerun); // a redelivered outcome changes nothing
    await s.settled();
    await s.publish(EssayAIFeedbackRequestedTopic, requestData(e));
    await awaitResult(e.essayId);
    expect(lpsRequestsFor(e.essayId)[0]).toMatchObject({ metrics: { word_count: 200 }, corrections_summary: [] });
    expect(lpsRequestsFor(e.essayId)[0]?.metrics).not.toHaveProperty("spelling_correction_count");
  });

  test("the NLP phase's grammar check reaches LPS as its storage id, never as issues", async () => {
    const e = await essay();
    await s.publish(ELSBatchPhaseOutcomeTopic, nlpOutcome(e.batchId, [{ ...e, metrics: { word_count: 13 }, grammarStorageId: "grammar-check-1" }]));
    await s.settled();
    await s.publish(EssayAIFeedbackRequestedTopic, requestData(e));
    await awaitResult(e.essayId);
    const [sent] = lpsRequestsFor(e.essayId);
    expect(sent?.grammar_storage_id).toBe("grammar-check-1");
    expect(sent).not.toHaveProperty("grammar");
  });

  test("the spellchecker's and NLP's own result topics are not consumed: their events change no request", async () => {
    const e = await essay();
    await s.publish(EssayNlpCompletedTopic, {
      batch_id: e.batchId, essay_id: e.essayId, status: "success", language: "en", text_storage_id: e.textStorageId, metrics: { word_count: 999 },
    });
    await s.publish(EssaySpellcheckCompletedTopic, {
      batch_id: e.batchId, essay_id: e.essayId, status: "success", language: "en", original_text_storage_id: e.textStorageId,
      corrected_text_storage_id: e.textStorageId, word_count: 999, correction_count: 7, corrections: [{ offset: 0, original: "teh", replacement: "the" }],
    });
    await s.settled();
    for (const topic of [EssayNlpCompletedTopic, EssaySpellcheckCompletedTopic]) {
      const groups = (await s.redis.call("XINFO", "GROUPS", topic.name)) as unknown[][];
      expect(groups.some((g) => g.includes("ai-feedback"))).toBe(false);
    }
    await s.publish(EssayAIFeedbackRequestedTopic, requestData(e));
    await awaitResult(e.essayId);
    expect(lpsRequestsFor(e.essayId)[0]).toMatchObject({ corrections_summary: [], metrics: {} });
  });

  test("an outcome from an older ELS (no essay results) records nothing and is acked", async () => {
    const e = await essay();
    const { essay_results: _dropped, user_id: _owner, ...old } = nlpOutcome(e.batchId, [{ ...e, metrics: { word_count: 50 } }]);
    await s.publish(ELSBatchPhaseOutcomeTopic, old);
    await s.settled();
    await s.publish(EssayAIFeedbackRequestedTopic, requestData(e));
    await awaitResult(e.essayId);
    expect(lpsRequestsFor(e.essayId)[0]?.metrics).toEqual({});
  });

  test("an essay with no earlier results and no prompt still gets a request (empty summary and metrics)", async () => {
    const e = await essay();
    await s.publish(EssayAIFeedbackRequestedTopic, requestData(e, { essay_instructions: undefined }));
    await awaitResult(e.essayId);
    expect(lpsRequestsFor(e.essayId)[0]).toMatchObject({ instructions: "", prompt_text: null, corrections_summary: [], metrics: {} });
  });

  test("a prompt reference that finds no content: feedback is requested without the prompt, and that is logged", async () => {
    const e = await essay();
    const missing = crypto.randomUUID();
    await s.publish(EssayAIFeedbackRequestedTopic, requestData(e, { student_prompt_ref: { references: { student_prompt_text: { storage_id: missing } } } }));
    expect((await awaitResult(e.essayId)).data.status).toBe("success");
    expect(lpsRequestsFor(e.essayId)[0]?.prompt_text).toBeNull();
    const line = s.logger.lines.find((l) => l.msg === "student prompt could not be read; feedback is requested without it" && l.essay_id === e.essayId);
    expect(line).toMatchObject({ level: "warn", prompt_storage_id: missing });
  });

  test("a request without a user gets feedback but no consumption", async () => {
    const e = await essay();
    await s.publish(EssayAIFeedbackRequestedTopic, requestData(e, { user_id: undefined }));
    expect((await awaitResult(e.essayId)).data.status).toBe("success");
    await s.settled();
    expect(await consumptionsFor(e.batchId)).toHaveLength(0);
    expect(lpsRequestsFor(e.essayId)[0]?.metadata).not.toHaveProperty("user_id");
  });
});

describe("answers that are not ours", () => {
  test("results for other requesters and for unknown requests change nothing", async () => {
    const base = {
      status: "success" as const, provider: "standin", model: "m", usage: { input_tokens: 1, output_tokens: 1 }, cost_usd: 0, latency_ms: 1,
      feedback_text: "Hello",
    };
    await s.publish(LlmFeedbackCompletedTopic, { ...base, request_id: "someone-elses", metadata: { requester: "cj-assessment", essay_id: "essay-x", batch_id: "batch-x" } });
    await s.publish(LlmFeedbackCompletedTopic, { ...base, request_id: "never-sent", metadata: { requester: "ai-feedback", essay_id: "essay-y", batch_id: "batch-y" } });
    await s.settled();
    expect(await resultsFor("essay-x")).toHaveLength(0);
    expect(await resultsFor("essay-y")).toHaveLength(0);
    expect(s.logger.lines.some((l) => l.msg === "result for an unknown feedback request; ignored" && l.request_id === "never-sent")).toBe(true);
  });
});

describe("the process", () => {
  test("health, readiness and metrics over HTTP", async () => {
    expect((await fetch(`${s.aiFeedback.url}/healthz`)).status).toBe(200);
    expect(await (await fetch(`${s.aiFeedback.url}/readyz`)).json()).toMatchObject({ status: "ready", checks: { redis: true, database: true } });
    const metrics = await (await fetch(`${s.aiFeedback.url}/metrics`)).text();
    expect(metrics).toContain("feedback_requests_total");
    expect(metrics).toMatch(/feedback_results_total\{status="succeeded",service="ai-feedback"\} [1-9]/);
  });
});
