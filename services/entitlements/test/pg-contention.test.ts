import { afterAll, beforeAll, describe, expect, test } from "bun:test";
import { SQL } from "bun";
import { join } from "node:path";
import { publishEnvelope } from "@shared/bus/publisher.ts";
import { ResourceConsumptionTopic } from "@shared/contracts/events/entitlements.ts";
import { makeEnvelope } from "@shared/contracts/topics.ts";
import { openPostgres, type OpenedPostgres } from "@shared/db/postgres.ts";
import { createMemoryLogger } from "@shared/observability/logger.ts";
import { postgresAvailable, startPostgres, type TestPostgres } from "@shared/testing/postgres.ts";
import { startRedis, type TestRedis } from "@shared/testing/redis.ts";
import { loadEntitlementsConfig } from "../src/config.ts";
import { createPgEntitlementsStore } from "../src/db/pg-store.ts";
import type { EntitlementsStore, LedgerEntry } from "../src/db/store.ts";
import type { CreditPolicy } from "../src/domain/credit-policy.ts";
import { SERVICE_NAME, startEntitlementsService } from "../src/service.ts";
import { consumptionDrained, eventually, headers } from "./support/harness.ts";

// Two writers on one PostgreSQL database: every consumption event applied once, no update lost,
// and the ledger's order (recorded_at) is the order the balance moved in.
const skip = !postgresAvailable() && process.env.HULEEDU_REQUIRE_POSTGRES !== "1";
const EVENTS = 200;
const policy: CreditPolicy = { costs: { cj_comparison: 1, ai_feedback: 2 }, initialGrant: { user: 1000, org: 10_000 } };
/** Credits of event i: 1..7, so a lost or doubled deduction changes the total. */
const creditsOf = (i: number) => (i % 7) + 1;
const expectedConsumed = Array.from({ length: EVENTS }, (_, i) => creditsOf(i)).reduce((a, b) => a + b, 0);

/** Oldest → newest, each entry's balance is the previous one moved by its credits: no gap, no reordering. */
function expectChained(newestFirst: LedgerEntry[], opening: number): void {
  let balance = opening;
  for (const entry of [...newestFirst].reverse()) {
    balance += entry.credits;
    expect(entry.balance_after).toBe(balance);
  }
  const stamps = newestFirst.map((e) => e.recorded_at);
  expect(new Set(stamps).size).toBe(stamps.length);
}

describe.skipIf(skip)("[postgres] entitlements under two concurrent writers", () => {
  let server: TestPostgres;
  beforeAll(async () => {
    server = await startPostgres();
  }, 60_000);
  afterAll(async () => {
    await server?.stop();
  });

  test(`two stores on two pools apply ${EVENTS} events, each delivered to both at once, with top-ups in between`, async () => {
    const url = await server.createDatabase();
    const migrations = join(import.meta.dir, "../src/db/migrations-pg");
    const pools: OpenedPostgres[] = [await openPostgres(url, migrations), await openPostgres(url, migrations)];
    try {
      const stores: EntitlementsStore[] = pools.map((p) => createPgEntitlementsStore(p.db, policy));
      const work: Promise<unknown>[] = [];
      for (let i = 0; i < EVENTS; i++) {
        const record = {
          eventId: `ev-${i}`, userId: `member-${i % 5}`, orgId: "org-busy", batchId: `b-${i % 3}`,
          resource: "cj_comparison" as const, quantity: creditsOf(i), credits: creditsOf(i),
        };
        for (const store of stores) work.push(store.consumeOnce(SERVICE_NAME, record));
        if (i % 40 === 0) work.push(stores[i % 2]!.adjust({ kind: "org", id: "org-busy" }, { kind: "top_up", credits: 100, reason: `r${i}`, actorUserId: "admin" }));
      }
      const outcomes = await Promise.all(work);
      const applied = outcomes.filter((o) => o !== null && typeof o === "object" && "payer" in o);
      expect(applied).toHaveLength(EVENTS);

      const topUps = 5 * 100;
      const account = await stores[0]!.peekPayer("member-0", "org-busy");
      expect(account).toMatchObject({ kind: "org", granted: 10_000 + topUps, consumed: expectedConsumed, balance: 10_000 + topUps - expectedConsumed });
      const page = await stores[1]!.ledger("member-3", null, 1000, 0);
      expect(page.total).toBe(EVENTS + 5);
      expect(page.entries.filter((e) => e.kind === "consumption")).toHaveLength(EVENTS);
      expectChained(page.entries, 10_000);
      expect(page.entries[0]?.balance_after).toBe(account.balance);
    } finally {
      for (const p of pools) await p.close();
    }
  }, 60_000);

  test(`two service instances consume ${EVENTS} events, each published twice, from one Redis into one database`, async () => {
    const url = await server.createDatabase();
    const redis: TestRedis = await startRedis();
    const client = redis.client();
    const env = {
      REDIS_URL: redis.url, HULEEDU_INTERNAL_API_KEY: "k", ENTITLEMENTS_HTTP_PORT: "0", ENTITLEMENTS_DATABASE_URL: url,
      HULEEDU_BUS_BLOCK_MS: "100", HULEEDU_BUS_RECLAIM_IDLE_MS: "500", HULEEDU_OUTBOX_POLL_MS: "100",
    };
    const loggers = [createMemoryLogger(SERVICE_NAME), createMemoryLogger(SERVICE_NAME)];
    const instances = await Promise.all(loggers.map((logger) => startEntitlementsService(loadEntitlementsConfig(env), logger)));
    const db = new SQL({ url, max: 1 });
    try {
      const envelopes = Array.from({ length: EVENTS }, (_, i) => makeEnvelope(ResourceConsumptionTopic, {
        data: { user_id: `teacher-${i % 4}`, org_id: "org-two", batch_id: `b-${i}`, resource: "cj_comparison", quantity: creditsOf(i) },
        source: "test", correlationId: crypto.randomUUID(),
      }));
      for (const envelope of [...envelopes, ...envelopes]) await publishEnvelope(client, ResourceConsumptionTopic, envelope);
      await eventually(() => consumptionDrained(client), 30_000, "both instances to drain the stream");

      const [row] = await db`SELECT granted, consumed, (SELECT count(*)::integer FROM consumption_ledger) AS ledger_rows,
        (SELECT count(*)::integer FROM processed_events WHERE consumer = ${SERVICE_NAME}) AS marks FROM accounts WHERE kind = 'org' AND account_id = 'org-two'`;
      expect(row).toEqual({ granted: 10_000, consumed: expectedConsumed, ledger_rows: EVENTS, marks: EVENTS });
      const res = await fetch(`${instances[1]!.url}/internal/v1/entitlements/users/teacher-1/balance`, { headers: { ...headers, "X-Internal-API-Key": "k" } });
      expect(await res.json()).toMatchObject({ account: "org", org_id: "org-two", balance: 10_000 - expectedConsumed });
      // The ledger through the API, two pages of 100 (the route's limit is 200).
      const entries: LedgerEntry[] = [];
      for (const offset of [0, 100]) {
        const ledger = await fetch(`${instances[offset / 100]!.url}/internal/v1/entitlements/users/teacher-2/ledger?limit=100&offset=${offset}`, { headers: { ...headers, "X-Internal-API-Key": "k" } });
        const page = (await ledger.json()) as { total: number; entries: LedgerEntry[] };
        expect(page.total).toBe(EVENTS);
        entries.push(...page.entries);
      }
      expect(entries).toHaveLength(EVENTS);
      expectChained(entries, 10_000);
      // Both instances applied part of the events (the split is up to the consumer group), together each once.
      const appliedBy = loggers.map((l) => l.lines.filter((line) => line.msg === "consumption recorded").length);
      expect(appliedBy.every((n) => n > 0)).toBe(true);
      expect(appliedBy[0]! + appliedBy[1]!).toBe(EVENTS);
    } finally {
      await db.close();
      for (const instance of instances) await instance.stop();
      await redis.stop();
    }
  }, 60_000);
});
