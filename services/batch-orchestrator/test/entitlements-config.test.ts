import { expect, test } from "bun:test";
import { ConfigError } from "@shared/config/load-config.ts";
import { loadBosConfig } from "../src/config.ts";

test("credit check settings: 5 s entitlements timeout and 12 comparisons per essay by default; overridable; checked", () => {
  expect(loadBosConfig({})).toMatchObject({ ENTITLEMENTS_ENABLED: false, ENTITLEMENTS_TIMEOUT_MS: 5000, CJ_COMPARISONS_PER_ITEM: 12 });
  const config = loadBosConfig({ BOS_ENTITLEMENTS_ENABLED: "true", BOS_ENTITLEMENTS_TIMEOUT_MS: "250", BOS_CJ_COMPARISONS_PER_ITEM: "4", ENTITLEMENTS_URL: "http://ent:8083" });
  expect(config).toMatchObject({ ENTITLEMENTS_ENABLED: true, ENTITLEMENTS_TIMEOUT_MS: 250, CJ_COMPARISONS_PER_ITEM: 4, ENTITLEMENTS_URL: "http://ent:8083" });
  expect(() => loadBosConfig({ BOS_CJ_COMPARISONS_PER_ITEM: "0" })).toThrow(ConfigError);
  expect(() => loadBosConfig({ ENTITLEMENTS_URL: "nope" })).toThrow(/ENTITLEMENTS_URL/);
});
