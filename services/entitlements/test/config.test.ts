import { expect, test } from "bun:test";
import { ConfigError } from "@shared/config/load-config.ts";
import { loadEntitlementsConfig } from "../src/config.ts";
import { creditPolicyFrom } from "../src/service.ts";

test("defaults: port 8083, 1000 credits per user, 10000 per organisation, costs 1 and 2, SQLite under the data dir", () => {
  const config = loadEntitlementsConfig({ HULEEDU_DATA_DIR: "/data" });
  expect(config).toMatchObject({ HTTP_PORT: 8083, dbPath: "/data/entitlements/entitlements.sqlite" });
  expect(creditPolicyFrom(config)).toEqual({ costs: { cj_comparison: 1, ai_feedback: 2 }, initialGrant: { user: 1000, org: 10_000 } });
});

test("ENTITLEMENTS_ variables override; bad values fail fast by name", () => {
  const config = loadEntitlementsConfig({
    ENTITLEMENTS_HTTP_PORT: "0", ENTITLEMENTS_DB_PATH: ":memory:", ENTITLEMENTS_INITIAL_USER_CREDITS: "5",
    ENTITLEMENTS_INITIAL_ORG_CREDITS: "50", ENTITLEMENTS_COST_CJ_COMPARISON: "3", ENTITLEMENTS_COST_AI_FEEDBACK: "7",
  });
  expect(config).toMatchObject({ HTTP_PORT: 0, dbPath: ":memory:" });
  expect(creditPolicyFrom(config)).toEqual({ costs: { cj_comparison: 3, ai_feedback: 7 }, initialGrant: { user: 5, org: 50 } });
  expect(() => loadEntitlementsConfig({ ENTITLEMENTS_INITIAL_USER_CREDITS: "-1" })).toThrow(ConfigError);
  expect(() => loadEntitlementsConfig({ ENTITLEMENTS_COST_AI_FEEDBACK: "two" })).toThrow(/ENTITLEMENTS_COST_AI_FEEDBACK/);
});

test("ENTITLEMENTS_DATABASE_URL or DATABASE_URL moves the service to PostgreSQL; its own variable wins; sqlite keeps the file", () => {
  const file = { dialect: "sqlite" as const, path: "/data/entitlements/entitlements.sqlite" };
  expect(loadEntitlementsConfig({ HULEEDU_DATA_DIR: "/data" }).database).toEqual(file);
  expect(loadEntitlementsConfig({ DATABASE_URL: "postgres://db/shared" }).database).toEqual({ dialect: "postgres", url: "postgres://db/shared" });
  expect(loadEntitlementsConfig({ DATABASE_URL: "postgres://db/shared", ENTITLEMENTS_DATABASE_URL: "postgresql://db/credits" }).database)
    .toEqual({ dialect: "postgres", url: "postgresql://db/credits" });
  expect(loadEntitlementsConfig({ HULEEDU_DATA_DIR: "/data", DATABASE_URL: "postgres://db/shared", ENTITLEMENTS_DATABASE_URL: "sqlite" }).database).toEqual(file);
  expect(() => loadEntitlementsConfig({ ENTITLEMENTS_DATABASE_URL: "mysql://db" })).toThrow(/ENTITLEMENTS_DATABASE_URL/);
});
