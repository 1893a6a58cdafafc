import { describe, expect, test } from "bun:test";
import { ConfigError } from "@shared/config/load-config.ts";
import { loadLpsConfig } from "../../src/config.ts";
import { defaultProviderName } from "../../src/queue/provider-registry.ts";

describe("LPS config", () => {
  test("defaults: port 8090, 4 in flight, no bundling, local provider", () => {
    const config = loadLpsConfig({ HULEEDU_DATA_DIR: "/tmp/x" });
    expect(config.HTTP_PORT).toBe(8090);
    expect(config.CONCURRENCY).toBe(4);
    expect(config.BUNDLE_SIZE).toBe(1);
    expect(config.dbPath).toBe("/tmp/x/llm-provider/lps.sqlite");
    expect(config.CONTENT_SERVICE_URL).toBe("http://127.0.0.1:8001");
    expect(defaultProviderName(config)).toBe("local");
  });

  test("a vendor key switches the default provider; an explicit default wins", () => {
    expect(defaultProviderName(loadLpsConfig({ OPENAI_API_KEY: "o" }))).toBe("openai");
    expect(defaultProviderName(loadLpsConfig({ ANTHROPIC_API_KEY: "a", OPENAI_API_KEY: "o" }))).toBe("anthropic");
    expect(defaultProviderName(loadLpsConfig({ ANTHROPIC_API_KEY: "a", LPS_DEFAULT_PROVIDER: "local" }))).toBe("local");
  });

  test("bad values fail fast with the variable named", () => {
    expect(() => loadLpsConfig({ LPS_CONCURRENCY: "0" })).toThrow(/LPS_CONCURRENCY/);
    expect(() => loadLpsConfig({ LPS_DEFAULT_PROVIDER: "gemini" })).toThrow(/LPS_DEFAULT_PROVIDER/);
    expect(() => loadLpsConfig({ LPS_DEFAULT_PROVIDER: "anthropic" })).toThrow(ConfigError);
    expect(() => loadLpsConfig({ LPS_ANTHROPIC_BASE_URL: "not a url" })).toThrow(/LPS_ANTHROPIC_BASE_URL/);
  });
});
