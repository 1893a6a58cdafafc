import { afterAll, beforeAll, expect, test } from "bun:test";
import { describeEachDialect } from "@shared/testing/dialects.ts";
import { createMemoryLogger } from "@shared/observability/logger.ts";
import { loadContentConfig } from "../src/config.ts";
import { startContentService } from "../src/service.ts";

const KEY = "test-internal-key";
const headers = { "X-Internal-API-Key": KEY };

describeEachDialect("content service", (databases) => {
  let env: Record<string, string>;
  let service: Awaited<ReturnType<typeof startContentService>>;

  beforeAll(async () => {
    env = {
      HULEEDU_INTERNAL_API_KEY: KEY,
      CONTENT_SERVICE_HTTP_PORT: "0",
      CONTENT_SERVICE_MAX_CONTENT_BYTES: "1024",
      ...(await databases.env("CONTENT_SERVICE_")),
    };
    service = await startContentService(loadContentConfig(env), createMemoryLogger("content"));
  });
  afterAll(async () => {
    await service.stop();
  });

  async function store(body: string | Uint8Array<ArrayBuffer>, type = "text/plain; charset=utf-8") {
    return fetch(`${service.url}/v1/content`, { method: "POST", body, headers: { ...headers, "Content-Type": type } });
  }

  test("the service runs on the dialect under test", () => {
    expect(loadContentConfig(env).database.dialect).toBe(databases.dialect);
  });

  test("stores bytes and returns them with their type, id, hash and size", async () => {
    const res = await store("Hello, essay ✓");
    expect(res.status).toBe(201);
    const stored = (await res.json()) as { storage_id: string; sha256: string; size_bytes: number };
    const expectedHash = new Bun.CryptoHasher("sha256").update("Hello, essay ✓").digest("hex");
    expect(stored.sha256).toBe(expectedHash);
    expect(stored.size_bytes).toBe(new TextEncoder().encode("Hello, essay ✓").byteLength);
    const got = await fetch(`${service.url}/v1/content/${stored.storage_id}`, { headers });
    expect(got.status).toBe(200);
    expect(got.headers.get("Content-Type")).toBe("text/plain; charset=utf-8");
    expect(await got.text()).toBe("Hello, essay ✓");
  });

  test("unknown id is 404 with an error code; malformed id is 400", async () => {
    const missing = await fetch(`${service.url}/v1/content/${crypto.randomUUID()}`, { headers });
    expect(missing.status).toBe(404);
    expect(((await missing.json()) as { error_code: string }).error_code).toBe("RESOURCE_NOT_FOUND");
    const bad = await fetch(`${service.url}/v1/content/not-an-id`, { headers });
    expect(bad.status).toBe(400);
    expect(((await bad.json()) as { error_code: string }).error_code).toBe("VALIDATION_ERROR");
  });

  test("content over the configured size is 413; empty content is 400", async () => {
    const big = await store(new Uint8Array(2048), "application/octet-stream");
    expect(big.status).toBe(413);
    expect(((await big.json()) as { error_code: string }).error_code).toBe("PAYLOAD_TOO_LARGE");
    expect((await store("")).status).toBe(400);
  });

  test("the internal key is required", async () => {
    const res = await fetch(`${service.url}/v1/content`, { method: "POST", body: "x" });
    expect(res.status).toBe(401);
    expect(((await res.json()) as { error_code: string }).error_code).toBe("AUTHENTICATION_ERROR");
    const wrong = await fetch(`${service.url}/v1/content/${crypto.randomUUID()}`, { headers: { "X-Internal-API-Key": "nope" } });
    expect(wrong.status).toBe(401);
  });

  test("content survives a restart", async () => {
    const stored = (await (await store("kept across restarts")).json()) as { storage_id: string };
    await service.stop();
    service = await startContentService(loadContentConfig(env), createMemoryLogger("content"));
    const got = await fetch(`${service.url}/v1/content/${stored.storage_id}`, { headers });
    expect(await got.text()).toBe("kept across restarts");
  });

  test("erasure removes the named blobs for good, skips unknown ids and counts what it erased", async () => {
    const ids = await Promise.all(["first", "second", "kept"].map(async (text) => ((await (await store(text)).json()) as { storage_id: string }).storage_id));
    const res = await fetch(`${service.url}/v1/content/erasures`, {
      method: "POST", headers: { ...headers, "Content-Type": "application/json" },
      body: JSON.stringify({ storage_ids: [ids[0], ids[1], crypto.randomUUID()] }),
    });
    expect(res.status).toBe(200);
    expect(await res.json()).toEqual({ requested: 3, erased: 2 });
    for (const id of [ids[0], ids[1]]) expect((await fetch(`${service.url}/v1/content/${id}`, { headers })).status).toBe(404);
    expect(await (await fetch(`${service.url}/v1/content/${ids[2]}`, { headers })).text()).toBe("kept");
  });

  test("bytes round-trip exactly, every value 0-255", async () => {
    const all = Uint8Array.from({ length: 256 }, (_, i) => i);
    const stored = (await (await store(all, "application/octet-stream")).json()) as { storage_id: string };
    const got = new Uint8Array(await (await fetch(`${service.url}/v1/content/${stored.storage_id}`, { headers })).arrayBuffer());
    expect([...got]).toEqual([...all]);
  });

  test("health, readiness and metrics", async () => {
    expect((await fetch(`${service.url}/healthz`)).status).toBe(200);
    const ready = await fetch(`${service.url}/readyz`);
    expect(ready.status).toBe(200);
    expect(((await ready.json()) as { checks: Record<string, boolean> }).checks.database).toBe(true);
    const metrics = await (await fetch(`${service.url}/metrics`)).text();
    expect(metrics).toContain("http_request_duration_seconds");
  });
});
