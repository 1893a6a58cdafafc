import { afterAll, beforeAll, expect, test } from "bun:test";
import { INTERNAL_KEY, startGatewayFixture, type ErrorBody, type GatewayFixture } from "./gateway-fixture.ts";

let gw: GatewayFixture;
beforeAll(async () => {
  gw = await startGatewayFixture();
});
afterAll(async () => {
  await gw.stop();
});

test("a teacher in an organisation gets the organisation's balance; org_id goes to entitlements from the token", async () => {
  gw.entitlements.setAccount("org:school-9", { granted: 500, consumed: 120 });
  const token = await gw.identity.token({ sub: "teacher-credits", org_id: "school-9" });
  const res = await gw.call("GET", "/v1/credits", token, undefined, { "X-Correlation-ID": "corr-credits" });
  expect(res.status).toBe(200);
  expect(await res.json()).toEqual({ user_id: "teacher-credits", org_id: "school-9", balance: 380, consumed: 120 });
  const call = gw.entitlements.requests.at(-1)!;
  expect(call.path).toBe("/internal/v1/entitlements/users/teacher-credits/balance");
  expect(call.query).toBe("?org_id=school-9");
  expect(call.headers["x-internal-api-key"]).toBe(INTERNAL_KEY);
  expect(call.headers["x-correlation-id"]).toBe("corr-credits");
});

test("a teacher without an organisation gets their own balance, without org_id (none is sent either)", async () => {
  gw.entitlements.setAccount("user:solo", { granted: 50, consumed: 60 });
  const res = await gw.call("GET", "/v1/credits", await gw.identity.token({ sub: "solo" }));
  expect(res.status).toBe(200);
  expect(await res.json()).toEqual({ user_id: "solo", balance: -10, consumed: 60 });
  expect(gw.entitlements.requests.at(-1)?.query).toBe("");
});

test("entitlements down → 502 EXTERNAL_SERVICE_ERROR", async () => {
  const down = await startGatewayFixture({ redis: gw.redis, env: { ENTITLEMENTS_URL: "http://127.0.0.1:9" } });
  try {
    const res = await down.call("GET", "/v1/credits", await down.identity.token({ sub: "t" }));
    expect(res.status).toBe(502);
    const body = (await res.json()) as ErrorBody;
    expect(body.error_code).toBe("EXTERNAL_SERVICE_ERROR");
    expect(body.details?.upstream).toBe("entitlements");
  } finally {
    await down.stop();
  }
});
