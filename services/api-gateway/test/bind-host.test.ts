import { afterAll, beforeAll, expect, test } from "bun:test";
import { networkInterfaces } from "node:os";
import { startGatewayFixture, type GatewayFixture } from "./gateway-fixture.ts";

// The container image sets HULEEDU_BIND_HOST=0.0.0.0 so the published gateway is reachable from the host.
let gw: GatewayFixture;
const previous = process.env.HULEEDU_BIND_HOST;
beforeAll(async () => {
  process.env.HULEEDU_BIND_HOST = "0.0.0.0";
  gw = await startGatewayFixture();
});
afterAll(async () => {
  await gw.stop();
  if (previous === undefined) delete process.env.HULEEDU_BIND_HOST;
  else process.env.HULEEDU_BIND_HOST = previous;
});

function nonLoopbackIPv4(): string | undefined {
  for (const addresses of Object.values(networkInterfaces())) {
    const found = addresses?.find((a) => a.family === "IPv4" && !a.internal);
    if (found) return found.address;
  }
  return undefined;
}

test("the gateway listens on HULEEDU_BIND_HOST", () => {
  const listening = gw.logger.lines.find((l) => l.msg === "http listening");
  expect(listening?.hostname).toBe("0.0.0.0");
});

test("the gateway answers on a non-loopback address when bound to 0.0.0.0", async () => {
  const address = nonLoopbackIPv4();
  if (!address) {
    console.log("bind-host: no non-loopback IPv4 interface here; only the logged hostname was checked");
    return;
  }
  const res = await fetch(`http://${address}:${new URL(gw.url).port}/healthz`, { signal: AbortSignal.timeout(2000) });
  expect(res.status).toBe(200);
});
