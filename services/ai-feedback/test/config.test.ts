import { expect, test } from "bun:test";
import { ConfigError } from "@shared/config/load-config.ts";
import { loadAiFeedbackConfig } from "../src/config.ts";

test("defaults: port 8004, content on 8001 with a 10 s timeout, no expiry, priority 5, SQLite under the data dir", () => {
  expect(loadAiFeedbackConfig({ HULEEDU_DATA_DIR: "/data" })).toMatchObject({
    HTTP_PORT: 8004, contentServiceUrl: "http://127.0.0.1:8001", CONTENT_TIMEOUT_MS: 10_000, LLM_REQUEST_TTL_MS: 0,
    LLM_PRIORITY: 5, PREVIEW_CHARS: 280, dbPath: "/data/ai-feedback/ai-feedback.sqlite",
  });
});

test("AI_FEEDBACK_ variables and CONTENT_SERVICE_URL override; bad values fail fast by name", () => {
  const config = loadAiFeedbackConfig({
    AI_FEEDBACK_HTTP_PORT: "0", AI_FEEDBACK_DB_PATH: ":memory:", AI_FEEDBACK_LLM_REQUEST_TTL_MS: "60000", AI_FEEDBACK_LLM_PRIORITY: "1",
    CONTENT_SERVICE_URL: "http://content:8001/",
  });
  expect(config).toMatchObject({ HTTP_PORT: 0, dbPath: ":memory:", LLM_REQUEST_TTL_MS: 60_000, LLM_PRIORITY: 1, contentServiceUrl: "http://content:8001" });
  expect(() => loadAiFeedbackConfig({ AI_FEEDBACK_LLM_PRIORITY: "10" })).toThrow(ConfigError);
  expect(() => loadAiFeedbackConfig({ CONTENT_SERVICE_URL: "nowhere" })).toThrow(/CONTENT_SERVICE_URL/);
});
