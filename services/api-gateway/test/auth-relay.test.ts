import { afterAll, beforeAll, describe, expect, test } from "bun:test";
import { startSilentServer } from "@shared/testing/silent-server.ts";
import { INTERNAL_KEY, startGatewayFixture, type ErrorBody, type GatewayFixture } from "./gateway-fixture.ts";

// The relay to identity, against a recording stand-in for identity's public routes: what identity
// receives, what the client gets back (status, the passed headers only, the bytes), and what a slow
// or absent identity turns into (the same 504 TIMEOUT / 502 EXTERNAL_SERVICE_ERROR as other upstreams).
interface Seen { method: string; path: string; headers: Record<string, string>; body: string }
const seen: Seen[] = [];
const BYTES = new Uint8Array([0x7b, 0x22, 0x61, 0x22, 0x3a, 0x22, 0xc3, 0xa5, 0x22, 0x7d, 0xff]);
let identity: ReturnType<typeof Bun.serve>;
let gw: GatewayFixture;

beforeAll(async () => {
  identity = Bun.serve({
    port: 0, hostname: "127.0.0.1",
    async fetch(req) {
      const path = new URL(req.url).pathname;
      seen.push({ method: req.method, path, headers: req.headers.toJSON(), body: await req.text() });
      if (path === "/v1/auth/login") {
        return new Response(BYTES, { status: 429, headers: {
          "Content-Type": "application/json", "Retry-After": "17", "Cache-Control": "no-store", "Set-Cookie": "identity=1", "X-Identity-Only": "yes",
        } });
      }
      if (path === "/v1/auth/logout") return new Response(null, { status: 204 });
      if (path === "/v1/auth/me") return Response.json({ email: "t@school.example" }, { headers: { "X-Identity-Only": "yes" } });
      return new Response("gone", { status: 500 });
    },
  });
  gw = await startGatewayFixture({ env: { IDENTITY_URL: `http://127.0.0.1:${identity.port}` } });
});
afterAll(async () => {
  await gw.stop();
  await identity.stop(true);
});

const last = () => seen.at(-1) as Seen;

describe("relayed as they are", () => {
  test("the request reaches identity with its body, Content-Type, Authorization, correlation id, trace and the client's address", async () => {
    const res = await fetch(`${gw.url}/v1/auth/login`, {
      method: "POST", body: '{"email":"x"}', headers: { "Content-Type": "application/json", Authorization: "Bearer abc", "X-Correlation-ID": "corr-relay-1", "X-Other": "no" },
    });
    expect(res.status).toBe(429);
    expect(last()).toMatchObject({ method: "POST", path: "/v1/auth/login", body: '{"email":"x"}' });
    expect(last().headers).toMatchObject({ "content-type": "application/json", authorization: "Bearer abc", "x-correlation-id": "corr-relay-1", "x-forwarded-for": "127.0.0.1" });
    // Like every other upstream call of the gateway (the kit's internal client), it carries the internal key.
    expect(last().headers["x-internal-api-key"]).toBe(INTERNAL_KEY);
    expect(last().headers.traceparent).toMatch(/^00-[0-9a-f]{32}-[0-9a-f]{16}-01$/);
    expect(last().headers["x-other"]).toBeUndefined();
  });

  test("the answer comes back with its status, its bytes and only Content-Type, Retry-After and Cache-Control", async () => {
    const res = await fetch(`${gw.url}/v1/auth/login`, { method: "POST", body: "{}", headers: { "Content-Type": "application/json" } });
    expect(res.status).toBe(429);
    expect(new Uint8Array(await res.arrayBuffer())).toEqual(BYTES);
    expect([res.headers.get("Content-Type"), res.headers.get("Retry-After"), res.headers.get("Cache-Control")]).toEqual(["application/json", "17", "no-store"]);
    expect(res.headers.getSetCookie()).toEqual([]);
    expect(res.headers.get("X-Identity-Only")).toBeNull();
  });

  test("a GET goes without a body; the session route sends identity JSON it built itself and passes a refusal on", async () => {
    const me = await fetch(`${gw.url}/v1/auth/me`, { headers: { Authorization: "Bearer abc" } });
    expect(me.status).toBe(200);
    expect(await me.json()).toEqual({ email: "t@school.example" });
    expect(last()).toMatchObject({ method: "GET", path: "/v1/auth/me", body: "" });

    const session = await fetch(`${gw.url}/v1/auth/session`, { method: "POST", body: JSON.stringify({ email: "t@school.example", password: "correct horse battery" }), headers: { "Content-Type": "application/json" } });
    expect(session.status).toBe(429);
    expect(session.headers.get("Retry-After")).toBe("17");
    expect(new Uint8Array(await session.arrayBuffer())).toEqual(BYTES);
    expect(last().path).toBe("/v1/auth/login");
    expect(JSON.parse(last().body)).toEqual({ email: "t@school.example", password: "correct horse battery" });
    expect(last().headers["content-type"]).toBe("application/json");
  });

  test("signing out revokes at identity with the access token, and the cookies go", async () => {
    const res = await fetch(`${gw.url}/v1/auth/session`, { method: "DELETE", headers: { Authorization: "Bearer abc", "X-CSRF-Token": "c", Cookie: "huleedu_csrf=c" } });
    expect(res.status).toBe(204);
    expect(last()).toMatchObject({ method: "POST", path: "/v1/auth/logout", body: "" });
    expect(last().headers.authorization).toBe("Bearer abc");
    expect(res.headers.getSetCookie().map((l) => l.slice(0, l.indexOf("=")))).toEqual(["huleedu_refresh", "huleedu_csrf"]);
  });
});

describe("when identity cannot answer", () => {
  test("identity slower than the timeout → 504 TIMEOUT (relay and session); sign-out still clears the cookies", async () => {
    const silent = await startSilentServer();
    const slow = await startGatewayFixture({ redis: gw.redis, env: { IDENTITY_URL: `http://127.0.0.1:${silent.port}` } });
    try {
      for (const path of ["/v1/auth/login", "/v1/auth/session"]) {
        const res = await fetch(`${slow.url}${path}`, { method: "POST", body: JSON.stringify({ email: "t@school.example", password: "correct horse battery" }), headers: { "Content-Type": "application/json" } });
        expect(res.status).toBe(504);
        const body = (await res.json()) as ErrorBody;
        expect(body.error_code).toBe("TIMEOUT");
        expect(body.details?.upstream).toBe("identity");
      }
      const out = await fetch(`${slow.url}/v1/auth/session`, { method: "DELETE", headers: { Authorization: "Bearer abc", "X-CSRF-Token": "c", Cookie: "huleedu_csrf=c" } });
      expect(out.status).toBe(204);
      expect(out.headers.getSetCookie().length).toBe(2);
    } finally {
      await slow.stop();
      await silent.stop();
    }
  });

  test("identity down → 502 EXTERNAL_SERVICE_ERROR naming identity", async () => {
    const down = await startGatewayFixture({ redis: gw.redis, env: { IDENTITY_URL: "http://127.0.0.1:9" } });
    try {
      const res = await fetch(`${down.url}/v1/auth/me`, { headers: { Authorization: "Bearer abc" } });
      expect(res.status).toBe(502);
      const body = (await res.json()) as ErrorBody;
      expect(body.error_code).toBe("EXTERNAL_SERVICE_ERROR");
      expect(body.details?.upstream).toBe("identity");
    } finally {
      await down.stop();
    }
  });
});
