import { Database } from "bun:sqlite";
import { SQL } from "bun";
import * as v from "valibot";
import type { Redis } from "ioredis";
import { publishEnvelope } from "@shared/bus/publisher.ts";
import type { EventEnvelope } from "@shared/contracts/envelope.ts";
import { ResourceConsumptionTopic } from "@shared/contracts/events/entitlements.ts";
import { makeEnvelope } from "@shared/contracts/topics.ts";
import { createMemoryLogger } from "@shared/observability/logger.ts";
import { startRedis, type TestRedis } from "@shared/testing/redis.ts";
import type { TestDatabases } from "@shared/testing/dialects.ts";
import { loadEntitlementsConfig } from "../../src/config.ts";
import { SERVICE_NAME, startEntitlementsService } from "../../src/service.ts";

export const KEY = "entitlements-test-key";
export const headers = { "X-Internal-API-Key": KEY, "Content-Type": "application/json" };

/** Poll until `check` returns a value other than undefined/false, or fail after `ms`. */
export async function eventually<T>(check: () => T | undefined | false | Promise<T | undefined | false>, ms = 8000, what = "condition"): Promise<T> {
  const deadline = Date.now() + ms;
  for (;;) {
    const value = await check();
    if (value !== undefined && value !== false) return value;
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await Bun.sleep(25);
  }
}

export type Consumption = v.InferInput<typeof ResourceConsumptionTopic.schema>;

export interface Harness {
  url: string;
  client: Redis;
  logger: ReturnType<typeof createMemoryLogger>;
  /** Rows of a query on the service's database, either dialect (`?` placeholders). */
  rows(query: string, ...params: (string | number)[]): Promise<Record<string, unknown>[]>;
  check(body: unknown, extra?: Record<string, string>): Promise<Response>;
  balance(userId: string, orgId?: string): Promise<Record<string, unknown>>;
  consume(data: Consumption): Promise<EventEnvelope>;
  /** Deliver the very same envelope (same event id) again. */
  redeliver(envelope: EventEnvelope): Promise<void>;
  /** Every consumption entry handled and acked. */
  settled(): Promise<void>;
  stop(): Promise<void>;
}

/** True when entitlements' consumer group has read and acked every consumption entry. */
export async function consumptionDrained(client: Redis): Promise<boolean> {
  const groups = (await client.call("XINFO", "GROUPS", ResourceConsumptionTopic.name)) as unknown[][];
  return groups.every((g) => {
    const info = Object.fromEntries(Array.from({ length: g.length / 2 }, (_, i) => [String(g[2 * i]), g[2 * i + 1]]));
    return info.name !== SERVICE_NAME || (Number(info.pending) === 0 && Number(info.lag ?? 0) === 0);
  });
}

/** A read-only view of the database the service was configured with. */
function databaseReader(config: ReturnType<typeof loadEntitlementsConfig>): { rows: Harness["rows"]; close(): Promise<void> } {
  const target = config.database;
  if (target.dialect === "sqlite") {
    const sqlite = new Database(target.path, { readonly: true });
    return {
      rows: async (query, ...params) => sqlite.query(query).all(...params) as Record<string, unknown>[],
      close: async () => sqlite.close(),
    };
  }
  const client = new SQL({ url: target.url, max: 1 });
  return {
    rows: async (query, ...params) => {
      let n = 0;
      return [...(await client.unsafe(query.replace(/\?/g, () => `$${++n}`), params))] as Record<string, unknown>[];
    },
    close: () => client.close(),
  };
}

/**
 * Entitlements on port 0 with its own Redis, on a fresh database of the dialect under test
 * (`databases` from describeEachDialect); `env` overrides the config.
 */
export async function startHarness(databases: TestDatabases, env: Record<string, string> = {}): Promise<Harness> {
  const redis: TestRedis = await startRedis();
  const client = redis.client();
  const logger = createMemoryLogger(SERVICE_NAME);
  const config = loadEntitlementsConfig({
    REDIS_URL: redis.url, HULEEDU_INTERNAL_API_KEY: KEY, ENTITLEMENTS_HTTP_PORT: "0",
    HULEEDU_BUS_BLOCK_MS: "100", HULEEDU_BUS_RECLAIM_IDLE_MS: "500", HULEEDU_OUTBOX_POLL_MS: "100",
    ...(await databases.env("ENTITLEMENTS_")), ...env,
  });
  if (config.database.dialect !== databases.dialect) throw new Error(`harness meant ${databases.dialect}, config says ${config.database.dialect}`);
  const service = await startEntitlementsService(config, logger);
  const reader = databaseReader(config);

  return {
    url: service.url, client, logger, rows: reader.rows,
    check: (body, extra = {}) =>
      fetch(`${service.url}/internal/v1/entitlements/check`, { method: "POST", headers: { ...headers, ...extra }, body: JSON.stringify(body) }),
    async balance(userId, orgId) {
      const query = orgId ? `?org_id=${encodeURIComponent(orgId)}` : "";
      const res = await fetch(`${service.url}/internal/v1/entitlements/users/${encodeURIComponent(userId)}/balance${query}`, { headers });
      if (res.status !== 200) throw new Error(`balance answered ${res.status}: ${await res.text()}`);
      return (await res.json()) as Record<string, unknown>;
    },
    async consume(data) {
      const envelope = makeEnvelope(ResourceConsumptionTopic, { data, source: "test", correlationId: crypto.randomUUID() });
      await publishEnvelope(client, ResourceConsumptionTopic, envelope);
      return envelope;
    },
    async redeliver(envelope) {
      await publishEnvelope(client, ResourceConsumptionTopic, envelope);
    },
    async settled() {
      await eventually(() => consumptionDrained(client), 10_000, "entitlements to drain its stream");
    },
    async stop() {
      await reader.close();
      await service.stop();
      await redis.stop();
    },
  };
}
