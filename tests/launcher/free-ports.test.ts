import { afterAll, beforeAll, expect, test } from "bun:test";
import { createServer, type Server } from "node:net";
import { startStack, type Stack } from "../../scripts/stack/launcher.ts";
import { tempDir } from "../../shared/testing/temp-dir.ts";

// `freePorts: true` is what tests and benches use so they run beside a running stack: no default port may be used.
let stack: Stack;
let dir: ReturnType<typeof tempDir>;
let squatter: Server | undefined;

function listen(port: number): Promise<Server | undefined> {
  return new Promise((resolve) => {
    const server = createServer();
    server.once("error", () => resolve(undefined)); // already held by someone else: it is taken either way
    server.listen(port, "127.0.0.1", () => resolve(server));
  });
}

beforeAll(async () => {
  // Hold the default Redis port so a launcher that still uses it fails instead of passing by luck.
  squatter = await listen(6379);
  dir = tempDir("huleedu-launcher-");
  stack = await startStack({ showLogs: false, dataDir: dir.path, freePorts: true, only: ["content-service", "identity"], extraEnv: { LOG_LEVEL: "warn" } });
}, 60_000);
afterAll(async () => {
  await stack?.stop();
  squatter?.close();
  dir?.remove();
});

test("freePorts starts the launcher's own Redis on a free port, not 6379", () => {
  const port = Number(new URL(stack.env.REDIS_URL as string).port);
  expect(port).not.toBe(6379);
  expect(port).toBeGreaterThan(0);
});

test("freePorts: each service's URL is where that service answers, and no two share a port", async () => {
  const ports = Object.values(stack.urls).map((u) => new URL(u).port);
  expect(new Set(ports).size).toBe(ports.length);
  for (const [name, url] of Object.entries(stack.urls)) {
    const body = (await (await fetch(`${url}/healthz`)).json()) as { service: string };
    expect(body.service).toBe(name);
  }
  expect(stack.env.CONTENT_SERVICE_URL).toBe(stack.urls["content-service"] as string);
});

test("a restarted service comes back on the port the others already know", async () => {
  const before = stack.urls["content-service"];
  await stack.kill("content-service");
  await stack.restart("content-service");
  expect(stack.urls["content-service"]).toBe(before as string);
  expect(((await (await fetch(`${before}/healthz`)).json()) as { service: string }).service).toBe("content-service");
}, 60_000);
