import { afterAll, beforeAll, describe, expect, test } from "bun:test";
import { startFakeIdentity } from "./fakes/fake-identity.ts";
import { startGatewayFixture, type ErrorBody, type GatewayFixture } from "./gateway-fixture.ts";

let gw: GatewayFixture;
beforeAll(async () => {
  gw = await startGatewayFixture();
});
afterAll(async () => {
  await gw.stop();
});

const ROUTES: [string, string][] = [
  ["POST", "/v1/batches/register"],
  ["GET", "/v1/batches"],
  ["GET", "/v1/batches/b-1"],
  ["PATCH", "/v1/batches/b-1/prompt"],
  ["POST", "/v1/files/batch"],
  ["POST", "/v1/batches/b-1/pipelines"],
  ["GET", "/v1/batches/b-1/status"],
  ["GET", "/v1/batches/b-1/results"],
  ["GET", "/v1/ws"],
  ["POST", "/v1/prompts"],
  ["POST", "/v1/assignments/a-1/anchors"],
  ["GET", "/v1/assignments/a-1/anchors"],
  ["GET", "/v1/credits"],
];

/** Calls that reached any upstream the routes above use. */
function upstreamCalls(fixture: GatewayFixture): number {
  return [fixture.bos, fixture.contentService, fixture.fileService, fixture.ras, fixture.cj, fixture.entitlements].reduce((n, u) => n + u.requests.length, 0);
}

async function expect401(res: Response, reason: string) {
  expect(res.status).toBe(401);
  const body = (await res.json()) as ErrorBody;
  expect(body.error_code).toBe("AUTHENTICATION_ERROR");
  expect(body.message.length).toBeGreaterThan(0);
  expect(body.details?.reason).toBe(reason);
}

describe("every /v1 route requires a valid token", () => {
  test("no token → 401 token_missing, and nothing reaches an upstream", async () => {
    for (const [method, path] of ROUTES) await expect401(await gw.call(method, path, undefined, method === "GET" ? undefined : {}), "token_missing");
    expect(upstreamCalls(gw)).toBe(0);
  });

  test("garbage, foreign-key, wrong-audience, wrong-issuer and expired tokens → 401", async () => {
    const cases: [string, string][] = [
      ["not.a.jwt", "token_invalid"],
      [await gw.identity.foreignToken({ sub: "u1" }), "token_invalid"],
      [await gw.identity.token({ sub: "u1", audience: "someone-else" }), "token_invalid"],
      [await gw.identity.token({ sub: "u1", issuer: "evil" }), "token_invalid"],
      [await gw.identity.token({ sub: "u1", expiresIn: Math.floor(Date.now() / 1000) - 60 }), "token_expired"],
    ];
    for (const [token, reason] of cases) {
      for (const [method, path] of ROUTES) await expect401(await gw.call(method, path, token, method === "GET" ? undefined : {}), reason);
    }
    expect(upstreamCalls(gw)).toBe(0);
  });

  test("a valid token passes, verified through identity's JWKS (fetched once and cached)", async () => {
    const token = await gw.identity.token({ sub: "teacher-1" });
    for (let i = 0; i < 3; i++) expect((await gw.call("GET", "/v1/batches", token)).status).toBe(200);
    expect(gw.identity.jwksRequests()).toBe(1);
  });

  test("health, readiness and the OpenAPI document need no token", async () => {
    expect((await gw.call("GET", "/healthz", undefined)).status).toBe(200);
    expect((await gw.call("GET", "/readyz", undefined)).status).toBe(200);
    expect((await gw.call("GET", "/openapi.json", undefined)).status).toBe(200);
  });
});

describe("key sources", () => {
  test("a configured public key verifies tokens without any JWKS", async () => {
    const issuer = await startFakeIdentity();
    const withKey = await startGatewayFixture({ redis: gw.redis, env: { IDENTITY_URL: "http://127.0.0.1:9", API_GATEWAY_JWT_PUBLIC_KEY: JSON.stringify(issuer.publicJwk) } });
    try {
      expect((await withKey.call("GET", "/v1/batches", await issuer.token({ sub: "u1" }))).status).toBe(200);
      await expect401(await withKey.call("GET", "/v1/batches", await withKey.identity.token({ sub: "u1" })), "token_invalid");
      expect(issuer.jwksRequests()).toBe(0);
    } finally {
      await withKey.stop();
      await issuer.stop();
    }
  });

  test("identity unreachable: a well-formed token is 502 EXTERNAL_SERVICE_ERROR, not 401", async () => {
    const down = await startGatewayFixture({ redis: gw.redis, env: { IDENTITY_URL: "http://127.0.0.1:9" } });
    try {
      const res = await down.call("GET", "/v1/batches", await down.identity.token({ sub: "u1" }));
      expect(res.status).toBe(502);
      expect(((await res.json()) as ErrorBody).error_code).toBe("EXTERNAL_SERVICE_ERROR");
    } finally {
      await down.stop();
    }
  });
});
