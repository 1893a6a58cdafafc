import { afterAll, beforeAll, expect, test } from "bun:test";
import { join, resolve } from "node:path";
import { createMemoryLogger } from "../../shared/observability/logger.ts";
import type { RunningService } from "../../shared/runtime/run-service.ts";
import { startRedis, type TestRedis } from "../../shared/testing/redis.ts";
import { tempDir } from "../../shared/testing/temp-dir.ts";
import { loadEntitlementsConfig } from "../../services/entitlements/src/config.ts";
import { startEntitlementsService } from "../../services/entitlements/src/service.ts";
import { loadGatewayConfig } from "../../services/api-gateway/src/config.ts";
import { startGatewayService } from "../../services/api-gateway/src/service.ts";
import { loadIdentityConfig } from "../../services/identity/src/config.ts";
import { startIdentityService } from "../../services/identity/src/service.ts";

// An operator grants admin with the real command; the admin tops up a teacher through the gateway;
// the teacher's ledger shows the change and who made it; a teacher cannot do the same.
const KEY = "credits-admin-key";
let redis: TestRedis;
let dir: ReturnType<typeof tempDir>;
const services: (RunningService & { url: string })[] = [];
let gateway: string;
let identityUrl: string;

beforeAll(async () => {
  redis = await startRedis();
  dir = tempDir("huleedu-gw-credits-");
  const common = { REDIS_URL: redis.url, HULEEDU_INTERNAL_API_KEY: KEY, HULEEDU_BUS_BLOCK_MS: "100", HULEEDU_OUTBOX_POLL_MS: "100" };
  const identity = await startIdentityService(loadIdentityConfig({
    ...common, IDENTITY_HTTP_PORT: "0", IDENTITY_DB_PATH: join(dir.path, "identity.sqlite"), IDENTITY_SIGNING_KEY_PATH: join(dir.path, "key.json"),
  }), createMemoryLogger("identity"));
  const entitlements = await startEntitlementsService(loadEntitlementsConfig({
    ...common, ENTITLEMENTS_HTTP_PORT: "0", ENTITLEMENTS_DB_PATH: join(dir.path, "entitlements.sqlite"), ENTITLEMENTS_INITIAL_USER_CREDITS: "100",
  }), createMemoryLogger("entitlements"));
  const gw = await startGatewayService(loadGatewayConfig({
    ...common, API_GATEWAY_HTTP_PORT: "0", IDENTITY_URL: identity.url, ENTITLEMENTS_URL: entitlements.url,
  }), createMemoryLogger("api-gateway"));
  services.push(gw, entitlements, identity);
  gateway = gw.url;
  identityUrl = identity.url;
});
afterAll(async () => {
  for (const s of services) await s.stop();
  await redis.stop();
  dir.remove();
});

const post = (path: string, body: unknown, token?: string) =>
  fetch(`${gateway}${path}`, { method: "POST", body: JSON.stringify(body), headers: { "Content-Type": "application/json", ...(token ? { Authorization: `Bearer ${token}` } : {}) } });
async function signUp(email: string): Promise<{ token: string; userId: string }> {
  const reg = (await (await post("/v1/auth/register", { email, password: "correct horse battery" })).json()) as { user_id: string };
  const tokens = (await (await post("/v1/auth/login", { email, password: "correct horse battery" })).json()) as { access_token: string };
  return { token: tokens.access_token, userId: reg.user_id };
}

test("grant-role → admin tops up and adjusts a teacher → the teacher's paged ledger names the admin; a teacher gets 403", async () => {
  const teacher = await signUp("teacher@school.example");
  await signUp("boss@school.example");
  // Async: identity runs in this process and must answer while the command waits.
  const proc = Bun.spawn(["bun", resolve(import.meta.dir, "../../scripts/admin.ts"), "grant-role", "boss@school.example"], {
    env: { ...process.env, IDENTITY_URL: identityUrl, HULEEDU_INTERNAL_API_KEY: KEY }, stdout: "pipe", stderr: "pipe",
  });
  const [code, out, err] = [await proc.exited, await new Response(proc.stdout).text(), await new Response(proc.stderr).text()];
  expect({ code, err }).toEqual({ code: 0, err: "" });
  expect(out).toContain("roles: admin");
  const login = (await (await post("/v1/auth/login", { email: "boss@school.example", password: "correct horse battery" })).json()) as { access_token: string };
  const adminToken = login.access_token;
  const adminId = JSON.parse(atob(adminToken.split(".")[1] as string)).sub as string;

  const denied = await post("/v1/admin/credits/adjustments", { account: "user", account_id: teacher.userId, kind: "top_up", credits: 10, reason: "self-service" }, teacher.token);
  expect(denied.status).toBe(403);
  const topUp = await post("/v1/admin/credits/adjustments", { account: "user", account_id: teacher.userId, kind: "top_up", credits: 250, reason: "school licence" }, adminToken);
  expect(topUp.status).toBe(201);
  expect(((await topUp.json()) as { balance: number }).balance).toBe(350);
  expect((await post("/v1/admin/credits/adjustments", { account: "user", account_id: teacher.userId, kind: "adjustment", credits: -50, reason: "correction" }, adminToken)).status).toBe(201);
  expect((await post("/v1/admin/credits/adjustments", { account: "user", account_id: teacher.userId, kind: "top_up", credits: -5, reason: "x" }, adminToken)).status).toBe(400);

  const ledger = (await (await fetch(`${gateway}/v1/credits/ledger?limit=1`, { headers: { Authorization: `Bearer ${teacher.token}` } })).json()) as {
    total: number; entries: { kind: string; credits: number; actor_user_id: string; reason: string }[];
  };
  expect(ledger.total).toBe(2);
  expect(ledger.entries).toEqual([expect.objectContaining({ kind: "adjustment", credits: -50, actor_user_id: adminId, reason: "correction" })]);
  const balance = (await (await fetch(`${gateway}/v1/credits`, { headers: { Authorization: `Bearer ${teacher.token}` } })).json()) as { balance: number };
  expect(balance.balance).toBe(300);
});
