import { join } from "node:path";
import type * as v from "valibot";
import { publishEnvelope } from "@shared/bus/publisher.ts";
import { makeEnvelope, type Topic } from "@shared/contracts/topics.ts";
import { createMemoryLogger } from "@shared/observability/logger.ts";
import { startRedis, type TestRedis } from "@shared/testing/redis.ts";
import { tempDir } from "@shared/testing/temp-dir.ts";
import { loadClassManagementConfig } from "../../src/config.ts";
import { startClassManagementService } from "../../src/service.ts";

export const KEY = "cm-test-key";

export interface Harness {
  redis: TestRedis;
  dbPath: string;
  /** The service's base URL, for calls without the internal key. */
  url: string;
  call<T>(method: string, path: string, body?: unknown): Promise<{ status: number; body: T }>;
  publish<S extends v.GenericSchema>(topic: Topic<S>, data: v.InferInput<S>): Promise<unknown>;
  stop(): Promise<void>;
}

/** A class-management service on a real Redis and SQLite file; `env` overrides the test defaults. */
export async function startHarness(env: Record<string, string> = {}): Promise<Harness> {
  const dir = tempDir("huleedu-cm-");
  const redis = await startRedis();
  const dbPath = join(dir.path, "cm.sqlite");
  const service = await startClassManagementService(loadClassManagementConfig({
    REDIS_URL: redis.url, HULEEDU_INTERNAL_API_KEY: KEY, HULEEDU_BUS_BLOCK_MS: "100", HULEEDU_BUS_RECLAIM_IDLE_MS: "500", HULEEDU_OUTBOX_POLL_MS: "100",
    CLASS_MANAGEMENT_HTTP_PORT: "0", CLASS_MANAGEMENT_DB_PATH: dbPath,
    CLASS_MANAGEMENT_CONFIRMATION_TIMEOUT_SECONDS: "1", CLASS_MANAGEMENT_TIMEOUT_POLL_MS: "100", ...env,
  }), createMemoryLogger("class-management"));
  return {
    redis, dbPath, url: service.url,
    async call<T>(method: string, path: string, body?: unknown) {
      const res = await fetch(`${service.url}${path}`, {
        method, headers: { "X-Internal-API-Key": KEY, ...(body !== undefined ? { "Content-Type": "application/json" } : {}) },
        ...(body !== undefined ? { body: JSON.stringify(body) } : {}),
      });
      return { status: res.status, body: (res.status === 204 ? undefined : await res.json()) as T };
    },
    publish: (topic, data) => publishEnvelope(redis.client(), topic, makeEnvelope(topic, { data, source: "test", correlationId: crypto.randomUUID() })),
    async stop() {
      await service.stop();
      await redis.stop();
      dir.remove();
    },
  };
}

export async function until<T>(what: string, check: () => Promise<T | undefined>, timeoutMs = 10_000): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const value = await check();
    if (value !== undefined) return value;
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await Bun.sleep(50);
  }
}
