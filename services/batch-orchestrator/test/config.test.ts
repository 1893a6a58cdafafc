import { expect, test } from "bun:test";
import { ConfigError } from "@shared/config/load-config.ts";
import { loadBosConfig } from "../src/config.ts";

test("defaults: port 5001, BCS on 4002, 10 s BCS timeout, entitlements off, SQLite under the data dir", () => {
  const config = loadBosConfig({ HULEEDU_DATA_DIR: "/data" });
  expect(config).toMatchObject({
    HTTP_PORT: 5001, BCS_URL: "http://127.0.0.1:4002", ENTITLEMENTS_URL: "http://127.0.0.1:8083",
    BCS_TIMEOUT_MS: 10_000, ENTITLEMENTS_ENABLED: false, dbPath: "/data/batch-orchestrator/bos.sqlite",
  });
});

test("BOS_ variables and unprefixed service URLs override; bad values fail fast by name", () => {
  const config = loadBosConfig({ BOS_HTTP_PORT: "0", BOS_ENTITLEMENTS_ENABLED: "true", BCS_URL: "http://bcs:4002", BOS_DB_PATH: ":memory:" });
  expect(config).toMatchObject({ HTTP_PORT: 0, ENTITLEMENTS_ENABLED: true, BCS_URL: "http://bcs:4002", dbPath: ":memory:" });
  expect(() => loadBosConfig({ BOS_BCS_TIMEOUT_MS: "soon" })).toThrow(ConfigError);
  expect(() => loadBosConfig({ BCS_URL: "not a url" })).toThrow(/BCS_URL/);
});
