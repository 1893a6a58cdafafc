import { afterAll, beforeAll, describe, expect, test } from "bun:test";
import { join } from "node:path";
import { publishEnvelope } from "@shared/bus/publisher.ts";
import { BatchEssaysRegisteredTopic } from "@shared/contracts/events/batch.ts";
import { makeEnvelope } from "@shared/contracts/topics.ts";
import { createMemoryLogger } from "@shared/observability/logger.ts";
import { startRedis, type TestRedis } from "@shared/testing/redis.ts";
import { tempDir } from "@shared/testing/temp-dir.ts";
import { loadClassManagementConfig } from "../../class-management/src/config.ts";
import { startClassManagementService } from "../../class-management/src/service.ts";
import { eventually, KEY, startSpellcheckerStack, type SpellcheckerStack } from "./support/spellchecker-stack.ts";

// The real class-management behind a small front the test controls: it passes every call on, or
// holds it (a slow class-management), or answers 502 (a broken one), and counts the calls.
const TIMEOUT_MS = 300;
const TTL_MS = 2500;
const dir = tempDir("huleedu-roster-");
let cmRedis: TestRedis;
let classManagement: Awaited<ReturnType<typeof startClassManagementService>>;
let front: ReturnType<typeof Bun.serve>;
const frontState = { delayMs: 0, broken: false, calls: [] as string[] };
let stack: SpellcheckerStack;
let classId: string;

async function cm<T>(method: string, path: string, body?: unknown): Promise<T> {
  const res = await fetch(`${classManagement.url}/internal/v1/users/t1${path}`, {
    method, headers: { "X-Internal-API-Key": KEY, ...(body !== undefined ? { "Content-Type": "application/json" } : {}) },
    ...(body !== undefined ? { body: JSON.stringify(body) } : {}),
  });
  if (res.status >= 300) throw new Error(`class-management answered ${res.status} to ${method} ${path}`);
  return (res.status === 204 ? undefined : await res.json()) as T;
}

/** Register a batch with class-management as BOS would, and wait until it knows the batch's roster. */
async function registerBatch(batchId: string, withClass: boolean): Promise<void> {
  await publishEnvelope(cmRedis.client(), BatchEssaysRegisteredTopic, makeEnvelope(BatchEssaysRegisteredTopic, {
    data: {
      batch_id: batchId, expected_essay_count: 1, essay_ids: ["e"], course_code: "ENG5", language: "en", essay_instructions: "x", user_id: "t1",
      class_id: withClass ? classId : null,
    },
    source: "test", correlationId: crypto.randomUUID(),
  }));
  if (withClass) await eventually(`class-management to know ${batchId}`, async () => (await cm<{ names: string[] }>("GET", `/batches/${batchId}/roster-names`)).names.length > 0);
}

beforeAll(async () => {
  cmRedis = await startRedis();
  classManagement = await startClassManagementService(loadClassManagementConfig({
    REDIS_URL: cmRedis.url, HULEEDU_INTERNAL_API_KEY: KEY, HULEEDU_BUS_BLOCK_MS: "100", HULEEDU_OUTBOX_POLL_MS: "100",
    CLASS_MANAGEMENT_HTTP_PORT: "0", CLASS_MANAGEMENT_DB_PATH: join(dir.path, "cm.sqlite"),
  }), createMemoryLogger("class-management"));
  front = Bun.serve({
    port: 0, hostname: "127.0.0.1",
    async fetch(req) {
      const url = new URL(req.url);
      frontState.calls.push(url.pathname);
      if (frontState.broken) return new Response("bad gateway", { status: 502 });
      if (frontState.delayMs > 0) await Bun.sleep(frontState.delayMs);
      return fetch(`${classManagement.url}${url.pathname}`, { headers: req.headers });
    },
  });
  classId = (await cm<{ class_id: string }>("POST", "/classes", { name: "9A", course_code: "ENG5" })).class_id;
  for (const [first_name, last_name] of [["Kallle", "Thorne"], ["Lizzie", "Thorne"]]) await cm("POST", `/classes/${classId}/students`, { first_name, last_name });
  stack = await startSpellcheckerStack({
    classManagementUrl: `http://127.0.0.1:${front.port}`,
    env: { SPELLCHECKER_WARM_LANGUAGES: "en", SPELLCHECKER_ROSTER_TIMEOUT_MS: String(TIMEOUT_MS), SPELLCHECKER_ROSTER_CACHE_TTL_MS: String(TTL_MS) },
  });
}, 60_000);
afterAll(async () => {
  await stack?.stop();
  await front?.stop(true);
  await classManagement?.stop();
  await cmRedis?.stop();
  dir.remove();
});

const ESSAY = "Kallle and I recieve letters. Thorne is my best freind. Linnea says hello.";
// What the dictionary alone makes of ESSAY: the pupils' names taken for misspellings.
const WITHOUT_NAMES = [["Kallle", "Kale"], ["recieve", "receive"], ["Thorne", "Throne"], ["freind", "friend"], ["Linnea", "Linnet"]];
const ROSTER_KEPT = [["recieve", "receive"], ["freind", "friend"], ["Linnea", "Linnet"]];
let essayCount = 0;

/** Spell-check ESSAY as an essay of `batchId` by `userId`; its corrections and how long the result took. */
async function spellcheck(batchId: string, userId = "t1"): Promise<{ pairs: string[][]; ms: number }> {
  const essayId = `essay-${++essayCount}`;
  const textId = await stack.store(ESSAY);
  const started = performance.now();
  await stack.request({ batch_id: batchId, essay_id: essayId, text_storage_id: textId, language: "en", user_id: userId });
  const { data } = await stack.awaitResult(essayId);
  expect(data.status).toBe("success");
  return { pairs: data.corrections.map((c) => [c.original, c.replacement]), ms: performance.now() - started };
}
const rosterCalls = (batchId: string) => frontState.calls.filter((p) => p.includes(`/batches/${batchId}/`)).length;
const warnings = (batchId: string) => stack.logger.lines.filter((l) => l.msg === "class roster unavailable; spell-checking without the pupils' names" && l.batch_id === batchId);

describe("spellchecker with class-management's roster names", () => {
  test("a REGULAR batch's pupils keep their names, real misspellings are fixed; one call per batch; GUEST and another teacher's batch get no names", async () => {
    const regular = crypto.randomUUID();
    const guest = crypto.randomUUID();
    await registerBatch(regular, true);
    await registerBatch(guest, false);

    expect((await spellcheck(regular)).pairs).toEqual(ROSTER_KEPT);
    expect((await spellcheck(regular)).pairs).toEqual(ROSTER_KEPT);
    expect(rosterCalls(regular)).toBe(1); // the second essay used the cache

    expect((await spellcheck(guest)).pairs).toEqual(WITHOUT_NAMES);
    // t2 asking about t1's batch learns nothing of t1's roster.
    expect((await spellcheck(regular, "t2")).pairs).toEqual(WITHOUT_NAMES);
    expect(warnings(regular)).toEqual([]);
    expect(warnings(guest)).toEqual([]);
  });

  test("cache expiry: a pupil added to the class counts once the batch's cached names have expired", async () => {
    const batch = crypto.randomUUID();
    await registerBatch(batch, true);
    expect((await spellcheck(batch)).pairs).toEqual(ROSTER_KEPT);
    const added = await cm<{ student_id: string }>("POST", `/classes/${classId}/students`, { first_name: "Linnea", last_name: "Ek" });
    expect((await spellcheck(batch)).pairs).toEqual(ROSTER_KEPT); // still the cached roster
    expect(rosterCalls(batch)).toBe(1);
    await Bun.sleep(TTL_MS + 100);
    expect((await spellcheck(batch)).pairs).toEqual([["recieve", "receive"], ["freind", "friend"]]);
    expect(rosterCalls(batch)).toBe(2);
    await cm("DELETE", `/classes/${classId}/students/${added.student_id}`);
  }, 20_000);

  test("a slow class-management: the lookup times out, the essay is spell-checked without names and a warning logged; later essays get the names again", async () => {
    const batch = crypto.randomUUID();
    await registerBatch(batch, true);
    frontState.delayMs = 3000;
    try {
      const slow = await spellcheck(batch);
      expect(slow.pairs).toEqual(WITHOUT_NAMES);
      expect(slow.ms).toBeLessThan(2500); // waited the roster timeout (300 ms), not the 3 s answer
      expect(warnings(batch).map((l) => l.error_code)).toEqual(["TIMEOUT"]);
    } finally {
      frontState.delayMs = 0;
    }
    // The failure is remembered briefly (no second wait for the same batch), then asked again.
    expect((await spellcheck(batch)).pairs).toEqual(WITHOUT_NAMES);
    expect(rosterCalls(batch)).toBe(1);
    await Bun.sleep(TTL_MS + 100);
    expect((await spellcheck(batch)).pairs).toEqual(ROSTER_KEPT);
    expect(rosterCalls(batch)).toBe(2);
  }, 20_000);

  test("a broken class-management (502): no names, a warning, the essay still completes", async () => {
    const batch = crypto.randomUUID();
    await registerBatch(batch, true);
    frontState.broken = true;
    try {
      expect((await spellcheck(batch)).pairs).toEqual(WITHOUT_NAMES);
    } finally {
      frontState.broken = false;
    }
    expect(warnings(batch).map((l) => l.error_code)).toEqual(["EXTERNAL_SERVICE_ERROR"]);
    const metrics = await (await fetch(`${stack.spellchecker.url}/metrics`)).text();
    for (const outcome of ["cached", "fetched", "failed"]) expect(metrics).toMatch(new RegExp(`spellcheck_roster_lookups_total\\{outcome="${outcome}",service="spellchecker"\\} [1-9]`));
  });
});
