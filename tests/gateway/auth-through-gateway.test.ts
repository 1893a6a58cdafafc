import { afterAll, beforeAll, expect, test } from "bun:test";
import { join } from "node:path";
import { createMemoryLogger } from "../../shared/observability/logger.ts";
import { startRedis, type TestRedis } from "../../shared/testing/redis.ts";
import { tempDir } from "../../shared/testing/temp-dir.ts";
import type { RunningService } from "../../shared/runtime/run-service.ts";
import { loadGatewayConfig } from "../../services/api-gateway/src/config.ts";
import { startGatewayService } from "../../services/api-gateway/src/service.ts";
import { loadIdentityConfig } from "../../services/identity/src/config.ts";
import { startIdentityService } from "../../services/identity/src/service.ts";

// Only the gateway is published in docker/compose.yml, so sign-up, login, refresh and "me" must work through it.
let redis: TestRedis;
let dir: ReturnType<typeof tempDir>;
let identity: RunningService & { url?: string };
let gateway: RunningService & { url: string };
const identityLog = createMemoryLogger("identity");

beforeAll(async () => {
  redis = await startRedis();
  dir = tempDir("huleedu-gw-auth-");
  identity = await startIdentityService(loadIdentityConfig({
    REDIS_URL: redis.url, IDENTITY_HTTP_PORT: "0", IDENTITY_DB_PATH: join(dir.path, "identity.sqlite"),
    IDENTITY_SIGNING_KEY_PATH: join(dir.path, "key.json"), IDENTITY_TRUST_FORWARDED_FOR: "true", IDENTITY_LOGIN_RATE_LIMIT: "2",
  }), identityLog);
  gateway = await startGatewayService(loadGatewayConfig({
    REDIS_URL: redis.url, HULEEDU_INTERNAL_API_KEY: "gw-auth-key", API_GATEWAY_HTTP_PORT: "0", IDENTITY_URL: identity.url as string,
    HULEEDU_BUS_BLOCK_MS: "100", HULEEDU_OUTBOX_POLL_MS: "100", API_GATEWAY_TRUST_FORWARDED_FOR: "true",
  }), createMemoryLogger("api-gateway"));
});
afterAll(async () => {
  await gateway?.stop();
  await identity?.stop();
  await redis?.stop();
  dir?.remove();
});

const post = (path: string, body: unknown, headers: Record<string, string> = {}) =>
  fetch(`${gateway.url}${path}`, { method: "POST", body: JSON.stringify(body), headers: { "Content-Type": "application/json", ...headers } });

test("register, login, me and refresh work through the gateway, and the token it returns opens /v1", async () => {
  const email = `t-${crypto.randomUUID()}@school.example`;
  const registered = await post("/v1/auth/register", { email, password: "correct horse battery" });
  expect(registered.status).toBe(201);
  const login = await post("/v1/auth/login", { email, password: "correct horse battery" });
  expect(login.status).toBe(200);
  const tokens = (await login.json()) as { access_token: string; refresh_token: string };
  const me = await fetch(`${gateway.url}/v1/auth/me`, { headers: { Authorization: `Bearer ${tokens.access_token}` } });
  expect(me.status).toBe(200);
  expect(((await me.json()) as { email: string }).email).toBe(email);
  const refreshed = await post("/v1/auth/refresh", { refresh_token: tokens.refresh_token });
  expect(refreshed.status).toBe(200);
  // The gateway verifies identity's token: an authenticated route gets past authentication (no 401).
  const credits = await fetch(`${gateway.url}/v1/batches`, { headers: { Authorization: `Bearer ${tokens.access_token}` } });
  expect(credits.status).not.toBe(401);
});

test("identity's errors come through unchanged: 400 with fields, 401 on a wrong password, 201 (no tell) on a taken e-mail", async () => {
  const bad = await post("/v1/auth/register", { email: "not-an-email", password: "x" });
  expect(bad.status).toBe(400);
  expect(((await bad.json()) as { error_code: string }).error_code).toBe("VALIDATION_ERROR");
  const email = `t-${crypto.randomUUID()}@school.example`;
  expect((await post("/v1/auth/register", { email, password: "correct horse battery" })).status).toBe(201);
  expect((await post("/v1/auth/register", { email, password: "correct horse battery" })).status).toBe(201);
  const wrong = await post("/v1/auth/login", { email, password: "wrong password here" });
  expect(wrong.status).toBe(401);
});

test("the client's address reaches identity's login limiter, so one client's failures do not lock out another", async () => {
  const email = `t-${crypto.randomUUID()}@school.example`;
  await post("/v1/auth/register", { email, password: "correct horse battery" });
  for (let i = 0; i < 3; i++) await post("/v1/auth/login", { email, password: "wrong password here" }, { "X-Forwarded-For": "203.0.113.7" });
  const limited = await post("/v1/auth/login", { email, password: "correct horse battery" }, { "X-Forwarded-For": "203.0.113.7" });
  expect(limited.status).toBe(429);
  const other = await post("/v1/auth/login", { email, password: "correct horse battery" }, { "X-Forwarded-For": "198.51.100.9" });
  expect(other.status).toBe(200);
});
