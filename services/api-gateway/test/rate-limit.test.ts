import { afterAll, beforeAll, expect, test } from "bun:test";
import { startGatewayFixture, type ErrorBody, type GatewayFixture } from "./gateway-fixture.ts";

let gw: GatewayFixture;
beforeAll(async () => {
  gw = await startGatewayFixture({ env: { API_GATEWAY_RATE_LIMIT_PER_MINUTE: "3" } });
});
afterAll(async () => {
  await gw.stop();
});

test("past the per-user limit a user gets 429 with Retry-After; other users are unaffected", async () => {
  // Stay inside one fixed window: start early in a minute.
  const intoWindow = Date.now() % 60_000;
  if (intoWindow > 55_000) await Bun.sleep(60_000 - intoWindow + 50);
  const busy = await gw.identity.token({ sub: "busy-teacher" });
  const statuses: number[] = [];
  for (let i = 0; i < 4; i++) statuses.push((await gw.call("GET", "/v1/batches", busy)).status);
  expect(statuses).toEqual([200, 200, 200, 429]);
  const limited = await gw.call("GET", "/v1/batches", busy);
  expect(limited.status).toBe(429);
  const retryAfter = Number(limited.headers.get("Retry-After"));
  expect(retryAfter).toBeGreaterThanOrEqual(1);
  expect(retryAfter).toBeLessThanOrEqual(60);
  const body = (await limited.json()) as ErrorBody;
  expect(body.error_code).toBe("RATE_LIMIT");
  expect(body.message).toContain("3 per 60 s");
  const calm = await gw.identity.token({ sub: "calm-teacher" });
  expect((await gw.call("GET", "/v1/batches", calm)).status).toBe(200);
});
