import { afterAll, beforeAll, describe, expect, test } from "bun:test";
import { type ChatBody, startFakeOpenAi } from "../../../../tests/fakes/openai-server.ts";
import type { RunningLps } from "../../src/service.ts";
import { VENDOR_FEEDBACK_JSON } from "../fixtures/vendor-feedback.ts";
import { comparisonRequest, type Harness, publishComparison, publishFeedback, feedbackRequest, feedbackResults, eventually, startHarness, waitForResults } from "./harness.ts";

const fake = startFakeOpenAi({ apiKey: "openai-key" });
let h: Harness;
let lps: RunningLps;
beforeAll(async () => {
  h = await startHarness();
  lps = await h.startLps({
    OPENAI_API_KEY: "openai-key", LPS_OPENAI_BASE_URL: fake.url,
    LPS_REQUESTS_PER_MINUTE: "10000", LPS_REQUEST_BURST: "1000", LPS_TOKENS_PER_MINUTE: "0",
  });
});
afterAll(async () => {
  await h.stop();
  await fake.stop();
});

describe("openai through the service", () => {
  test("OPENAI_API_KEY alone makes openai the default; comparisons and feedback go to the fake", async () => {
    expect(lps.defaultProvider).toBe("openai");
    fake.enqueue({ kind: "verdict", winner: "essay_b", confidence: 0.7, justification: "B is better." });
    const comparison = comparisonRequest();
    await publishComparison(h.redis, comparison);
    const result = (await waitForResults(h.redis, [comparison.request_id])).get(comparison.request_id);
    expect(result).toMatchObject({ status: "success", provider: "openai", model: "gpt-4.1-mini", winner: "essay_b", justification: "B is better." });
    expect(fake.hits[0]?.headers.authorization).toBe("Bearer openai-key");
    expect((fake.hits[0]?.body as ChatBody).response_format).toEqual({ type: "json_object" });

    fake.enqueue({ kind: "text", text: VENDOR_FEEDBACK_JSON });
    const feedback = feedbackRequest();
    await publishFeedback(h.redis, feedback);
    const answer = await eventually(async () => (await feedbackResults(h.redis)).find((e) => e.data.request_id === feedback.request_id));
    expect(answer.data).toMatchObject({ status: "success", provider: "openai" });
    expect(answer.data.feedback_text).toContain("Add an example to your second paragraph.");
    expect(answer.data.feedback?.focus_areas[0]?.dimension).toBe("development");
    expect(JSON.stringify(fake.hits[1]?.body)).toContain("teh");
  });
});
