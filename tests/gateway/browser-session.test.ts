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

// The browser session through the gateway with the real identity service: cookies, CSRF, rotation, sign-out;
// plus what a browser meets besides: the web app at /, /docs, CORS and WWW-Authenticate.
const OTHER_ORIGIN = "https://admin.school.example";
let redis: TestRedis;
let dir: ReturnType<typeof tempDir>;
let identity: RunningService & { url?: string };
let gateway: RunningService & { url: string };

beforeAll(async () => {
  redis = await startRedis();
  dir = tempDir("huleedu-gw-session-");
  identity = await startIdentityService(loadIdentityConfig({
    IDENTITY_HTTP_PORT: "0", IDENTITY_DB_PATH: join(dir.path, "identity.sqlite"), IDENTITY_SIGNING_KEY_PATH: join(dir.path, "key.json"),
    REDIS_URL: redis.url, HULEEDU_BUS_BLOCK_MS: "100", HULEEDU_OUTBOX_POLL_MS: "100",
  }), createMemoryLogger("identity"));
  gateway = await startGatewayService(loadGatewayConfig({
    REDIS_URL: redis.url, HULEEDU_INTERNAL_API_KEY: "gw-session-key", API_GATEWAY_HTTP_PORT: "0", IDENTITY_URL: identity.url as string,
    HULEEDU_BUS_BLOCK_MS: "100", HULEEDU_OUTBOX_POLL_MS: "100", API_GATEWAY_CORS_ORIGINS: `${OTHER_ORIGIN}/`,
  }), createMemoryLogger("api-gateway"));
});
afterAll(async () => {
  await gateway?.stop();
  await identity?.stop();
  await redis?.stop();
  dir?.remove();
});

/** Set-Cookie lines by cookie name. */
function cookies(res: Response): Map<string, string> {
  return new Map(res.headers.getSetCookie().map((line) => [line.slice(0, line.indexOf("=")), line]));
}
const value = (line: string | undefined) => line?.slice(line.indexOf("=") + 1, line.indexOf(";")) ?? "";

async function signedIn(): Promise<{ body: { access_token: string; csrf_token: string; refresh_token?: string }; refresh: string; csrf: string }> {
  const email = `t-${crypto.randomUUID()}@school.example`;
  const json = { "Content-Type": "application/json" };
  expect((await fetch(`${gateway.url}/v1/auth/register`, { method: "POST", headers: json, body: JSON.stringify({ email, password: "correct horse battery" }) })).status).toBe(201);
  const res = await fetch(`${gateway.url}/v1/auth/session`, { method: "POST", headers: json, body: JSON.stringify({ email, password: "correct horse battery" }) });
  expect(res.status).toBe(200);
  const set = cookies(res);
  const refresh = set.get("huleedu_refresh") ?? "";
  expect(refresh).toContain("HttpOnly");
  expect(refresh).toContain("SameSite=Strict");
  expect(refresh).toContain("Path=/v1/auth/session");
  expect(refresh).not.toContain("Secure"); // plain http here
  expect(set.get("huleedu_csrf")).not.toContain("HttpOnly");
  return { body: (await res.json()) as never, refresh: value(refresh), csrf: value(set.get("huleedu_csrf")) };
}

const refreshWith = (cookie: string, csrf?: string, origin?: string) =>
  fetch(`${gateway.url}/v1/auth/session/refresh`, {
    method: "POST", headers: { Cookie: cookie, ...(csrf !== undefined ? { "X-CSRF-Token": csrf } : {}), ...(origin ? { Origin: origin } : {}) },
  });

test("sign-in gives the access token in the body and the refresh token only as an HttpOnly cookie", async () => {
  const { body, csrf } = await signedIn();
  expect(body.refresh_token).toBeUndefined();
  expect(body.csrf_token).toBe(csrf);
  const me = await fetch(`${gateway.url}/v1/auth/me`, { headers: { Authorization: `Bearer ${body.access_token}` } });
  expect(me.status).toBe(200);
});

test("refresh needs the CSRF header matching its cookie and an allowed origin; it rotates the refresh cookie", async () => {
  const { refresh, csrf } = await signedIn();
  const cookie = `huleedu_refresh=${refresh}; huleedu_csrf=${csrf}`;
  const noHeader = await refreshWith(cookie);
  expect(noHeader.status).toBe(403);
  expect(((await noHeader.json()) as { details: { reason: string } }).details.reason).toBe("csrf_token_mismatch");
  expect((await refreshWith(cookie, "wrong")).status).toBe(403);
  const foreign = await refreshWith(cookie, csrf, "https://evil.example");
  expect(foreign.status).toBe(403);
  expect(((await foreign.json()) as { details: { reason: string } }).details.reason).toBe("origin_not_allowed");

  const ok = await refreshWith(cookie, csrf, OTHER_ORIGIN);
  expect(ok.status).toBe(200);
  const body = (await ok.json()) as { access_token: string; csrf_token: string };
  expect(body.access_token.split(".")).toHaveLength(3);
  const rotated = value(cookies(ok).get("huleedu_refresh"));
  expect(rotated).not.toBe(refresh);
  expect((await refreshWith(`huleedu_refresh=${rotated}; huleedu_csrf=${body.csrf_token}`, body.csrf_token)).status).toBe(200);
  // The old refresh token is spent: replaying it fails and clears the cookies.
  const replay = await refreshWith(cookie, csrf);
  expect(replay.status).toBe(401);
  expect(cookies(replay).get("huleedu_refresh")).toContain("Max-Age=0");
});

test("no session cookie → 401 session_missing with WWW-Authenticate; sign-out clears both cookies", async () => {
  const missing = await refreshWith("huleedu_csrf=abc", "abc");
  expect(missing.status).toBe(401);
  expect(missing.headers.get("WWW-Authenticate")).toStartWith("Bearer");
  const { refresh, csrf } = await signedIn();
  const out = await fetch(`${gateway.url}/v1/auth/session`, { method: "DELETE", headers: { Cookie: `huleedu_refresh=${refresh}; huleedu_csrf=${csrf}`, "X-CSRF-Token": csrf } });
  expect(out.status).toBe(204);
  const cleared = cookies(out);
  expect(cleared.get("huleedu_refresh")).toContain("Max-Age=0");
  expect(cleared.get("huleedu_csrf")).toContain("Max-Age=0");
  expect((await fetch(`${gateway.url}/v1/auth/session`, { method: "DELETE" })).status).toBe(403);
});

test("sign-out with the access token revokes the session at identity: the old refresh cookie no longer works", async () => {
  const { body, refresh, csrf } = await signedIn();
  const out = await fetch(`${gateway.url}/v1/auth/session`, {
    method: "DELETE", headers: { Cookie: `huleedu_refresh=${refresh}; huleedu_csrf=${csrf}`, "X-CSRF-Token": csrf, Authorization: `Bearer ${body.access_token}` },
  });
  expect(out.status).toBe(204);
  // A copy of the cookie kept by someone else is dead too, not only the browser's cleared one.
  expect((await refreshWith(`huleedu_refresh=${refresh}; huleedu_csrf=${csrf}`, csrf)).status).toBe(401);
});

test("401s say WWW-Authenticate: Bearer, with error=invalid_token for a bad token", async () => {
  const none = await fetch(`${gateway.url}/v1/batches`);
  expect(none.status).toBe(401);
  expect(none.headers.get("WWW-Authenticate")).toBe('Bearer realm="huleedu"');
  const bad = await fetch(`${gateway.url}/v1/batches`, { headers: { Authorization: "Bearer not.a.jwt" } });
  expect(bad.headers.get("WWW-Authenticate")).toContain('error="invalid_token"');
});

test("CORS answers the configured origin only", async () => {
  const preflight = (origin: string) => fetch(`${gateway.url}/v1/batches`, {
    method: "OPTIONS", headers: { Origin: origin, "Access-Control-Request-Method": "GET", "Access-Control-Request-Headers": "authorization" },
  });
  const allowed = await preflight(OTHER_ORIGIN);
  expect(allowed.headers.get("Access-Control-Allow-Origin")).toBe(OTHER_ORIGIN);
  expect(allowed.headers.get("Access-Control-Allow-Credentials")).toBe("true");
  expect(allowed.headers.get("Access-Control-Allow-Headers")?.toLowerCase()).toContain("authorization");
  const denied = await preflight("https://evil.example");
  expect(denied.headers.get("Access-Control-Allow-Origin")).toBeNull();
  const simple = await fetch(`${gateway.url}/healthz`, { headers: { Origin: "https://evil.example" } });
  expect(simple.headers.get("Access-Control-Allow-Origin")).toBeNull();
});

test("the web app at / and any page path, its hashed assets, /docs offline; API 404s stay JSON", async () => {
  const index = await fetch(`${gateway.url}/`);
  expect(index.status).toBe(200);
  expect(index.headers.get("Content-Type")).toContain("text/html");
  expect(index.headers.get("Content-Security-Policy")).toContain("default-src 'self'");
  const html = await index.text();
  const script = /src="(\/assets\/main-[^"]+\.js)"/.exec(html)?.[1];
  const styles = /href="(\/assets\/styles-[^"]+\.css)"/.exec(html)?.[1];
  expect(script).toBeDefined();
  const js = await fetch(`${gateway.url}${script}`);
  expect(js.status).toBe(200);
  expect(js.headers.get("Content-Type")).toContain("javascript");
  expect(js.headers.get("Cache-Control")).toContain("immutable");
  expect((await fetch(`${gateway.url}${styles}`)).headers.get("Content-Type")).toContain("text/css");
  const deep = await fetch(`${gateway.url}/batches/some-batch/essays/e-1`);
  expect(deep.status).toBe(200);
  expect(await deep.text()).toBe(html);
  expect((await fetch(`${gateway.url}/assets/nope.js`)).status).toBe(404);
  expect((await fetch(`${gateway.url}/assets/..%2f..%2fpackage.json`)).status).toBe(404);
  const api404 = await fetch(`${gateway.url}/internal/nothing`);
  expect(api404.status).toBe(404);
  expect(api404.headers.get("Content-Type")).toContain("application/json");

  const docs = await fetch(`${gateway.url}/docs`);
  expect(await docs.text()).toContain('data-url="/openapi.json"');
  const bundle = await fetch(`${gateway.url}/docs/standalone.js`);
  expect(bundle.status).toBe(200);
  expect((await bundle.arrayBuffer()).byteLength).toBeGreaterThan(100_000);
});
