import { afterAll, beforeAll, describe, expect, test } from "bun:test";
import { writeFileSync } from "node:fs";
import { join } from "node:path";
import type { Redis } from "ioredis";
import { publishEnvelope } from "@shared/bus/publisher.ts";
import { parseEntries } from "@shared/bus/streams.ts";
import { ELSBatchPhaseOutcomeTopic } from "@shared/contracts/events/els.ts";
import { PipelineResolutionRequestTopic } from "@shared/contracts/events/bcs.ts";
import { BatchEssaysAddedTopic, EssaySlotContentReplacedTopic } from "@shared/contracts/events/lifecycle.ts";
import { makeEnvelope } from "@shared/contracts/topics.ts";
import { createMemoryLogger } from "@shared/observability/logger.ts";
import { startRedis, type TestRedis } from "@shared/testing/redis.ts";
import { startSilentServer } from "@shared/testing/silent-server.ts";
import { tempDir } from "@shared/testing/temp-dir.ts";
import { loadBcsConfig } from "../src/config.ts";
import { startBatchConductorService } from "../src/service.ts";

const KEY = "bcs-test-key";
let redisServer: TestRedis;
let redis: Redis;
let bcs: Awaited<ReturnType<typeof startBatchConductorService>>;
const env = (extra: Record<string, string> = {}) => ({
  HULEEDU_INTERNAL_API_KEY: KEY, REDIS_URL: redisServer.url, BCS_HTTP_PORT: "0",
  HULEEDU_BUS_BLOCK_MS: "100", HULEEDU_BUS_RECLAIM_IDLE_MS: "500", ...extra,
});

beforeAll(async () => {
  redisServer = await startRedis();
  redis = redisServer.client();
  bcs = await startBatchConductorService(loadBcsConfig(env()), createMemoryLogger("bcs"));
});
afterAll(async () => {
  await bcs.stop();
  await redisServer.stop();
});

async function define(url: string, body: unknown, headers: Record<string, string> = { "X-Internal-API-Key": KEY }) {
  const res = await fetch(`${url}/internal/v1/pipelines/define`, { method: "POST", body: JSON.stringify(body), headers: { ...headers, "Content-Type": "application/json" } });
  return { status: res.status, body: (await res.json()) as Record<string, unknown> & { details?: Record<string, unknown> } };
}
const request = (batch_id: string, requested_pipeline: string, prompt_attached: boolean) => ({
  batch_id, requested_pipeline, correlation_id: `corr-${batch_id}`, batch_metadata: { prompt_attached },
});
async function metric(url: string, line: string): Promise<number> {
  const text = await (await fetch(`${url}/metrics`)).text();
  const found = text.split("\n").find((l) => l.startsWith(line));
  return found ? Number(found.split(" ").pop()) : 0;
}
async function outcome(batchId: string, phase: "spellcheck" | "nlp", eventId?: string) {
  const envelope = makeEnvelope(ELSBatchPhaseOutcomeTopic, {
    data: { batch_id: batchId, phase, status: "COMPLETED_SUCCESSFULLY", processed_essays: [], failed_essay_ids: [] },
    source: "test", correlationId: "c", ...(eventId ? { eventId } : {}),
  });
  await publishEnvelope(redis, ELSBatchPhaseOutcomeTopic, envelope);
}

describe("BCS over HTTP and streams", () => {
  test("resolves phases in dependency order", async () => {
    const { status, body } = await define(bcs.url, request("b1", "comprehensive", true));
    expect(status).toBe(200);
    expect(body.final_pipeline).toEqual(["spellcheck", "nlp", "cj_assessment", "ai_feedback"]);
    expect(body.correlation_id).toBe("corr-b1");
  });

  test("phase outcomes from ELS prune later requests, idempotently", async () => {
    const eventId = crypto.randomUUID();
    await outcome("b2", "spellcheck", eventId);
    await outcome("b2", "spellcheck", eventId);
    const deadline = Date.now() + 5000;
    let body: Record<string, unknown> = {};
    while (Date.now() < deadline) {
      body = (await define(bcs.url, request("b2", "nlp", true))).body;
      if ((body.final_pipeline as string[]).length === 1) break;
      await Bun.sleep(50);
    }
    expect(body.final_pipeline).toEqual(["nlp"]);
    expect(body.pruned_phases).toEqual(["spellcheck"]);
    expect(await redis.exists(`{bcs:batch:b2:phases}:processed:${eventId}`)).toBe(1);
  });

  async function resolvedUntil(batchId: string, pipeline: string, done: (phases: string[]) => boolean): Promise<string[]> {
    const deadline = Date.now() + 5000;
    let phases: string[] = [];
    while (Date.now() < deadline) {
      phases = (await define(bcs.url, request(batchId, pipeline, true))).body.final_pipeline as string[];
      if (done(phases)) break;
      await Bun.sleep(50);
    }
    return phases;
  }

  test("a replaced essay text or added slots make completed phases run again; a redelivered change is applied once", async () => {
    const batchId = `b-changed-${crypto.randomUUID()}`;
    await outcome(batchId, "spellcheck");
    await outcome(batchId, "nlp");
    expect(await resolvedUntil(batchId, "nlp", (p) => p.length === 0)).toEqual([]);

    const replaced = makeEnvelope(EssaySlotContentReplacedTopic, {
      data: { batch_id: batchId, user_id: "t", essay_id: "e1", file_upload_id: "f1", replacement_id: "r1", original_file_name: "a.txt", text_storage_id: "s1" },
      source: "test", correlationId: "c",
    });
    await publishEnvelope(redis, EssaySlotContentReplacedTopic, replaced);
    expect(await resolvedUntil(batchId, "nlp", (p) => p.length === 2)).toEqual(["spellcheck", "nlp"]);
    expect(await redis.exists(`{bcs:batch:${batchId}:phases}:processed:${replaced.event_id}`)).toBe(1);

    // The same change delivered again must not forget phases completed after it.
    await outcome(batchId, "spellcheck");
    expect(await resolvedUntil(batchId, "nlp", (p) => p.length === 1)).toEqual(["nlp"]);
    await publishEnvelope(redis, EssaySlotContentReplacedTopic, replaced);
    await Bun.sleep(400);
    expect((await define(bcs.url, request(batchId, "nlp", true))).body.final_pipeline).toEqual(["nlp"]);

    const added = makeEnvelope(BatchEssaysAddedTopic, { data: { batch_id: batchId, user_id: "t", essay_ids: ["e9"], expected_essay_count: 3 }, source: "test", correlationId: "c" });
    await publishEnvelope(redis, BatchEssaysAddedTopic, added);
    expect(await resolvedUntil(batchId, "nlp", (p) => p.length === 2)).toEqual(["spellcheck", "nlp"]);
  });

  test("prompt gating: refused without a prompt, counted, dead-lettered; accepted with one", async () => {
    const before = await metric(bcs.url, 'prompt_prerequisite_blocked_total{pipeline_name="cj_assessment"');
    const refused = await define(bcs.url, request("b3", "cj_assessment", false));
    expect(refused.status).toBe(422);
    expect(refused.body.error_code).toBe("BCS_PIPELINE_COMPATIBILITY_FAILED");
    expect(refused.body.details?.compatibility_issue).toBe("prompt_not_attached");
    expect(refused.body.correlation_id).toBe("corr-b3");
    expect(await metric(bcs.url, 'prompt_prerequisite_blocked_total{pipeline_name="cj_assessment"')).toBe(before + 1);
    const dead = parseEntries(await redis.xrange(PipelineResolutionRequestTopic.dlq, "-", "+"));
    expect(dead.some((d) => d.fields.reason === "prompt_not_attached" && JSON.parse(d.fields.envelope ?? "{}").batch_id === "b3")).toBe(true);

    const accepted = await define(bcs.url, request("b3", "cj_assessment", true));
    expect(accepted.status).toBe(200);
    expect(await metric(bcs.url, 'prompt_prerequisite_blocked_total{pipeline_name="cj_assessment"')).toBe(before + 1);
    expect(await metric(bcs.url, 'bcs_pipeline_resolutions_total{status="success"')).toBeGreaterThan(0);
  });

  test("unknown pipeline and invalid bodies are 400 with clear errors; no key is 401", async () => {
    const unknown = await define(bcs.url, request("b4", "grammar", true));
    expect(unknown.status).toBe(400);
    expect(unknown.body.message).toContain('Unknown pipeline "grammar"');
    const missing = await define(bcs.url, { batch_id: "b4" });
    expect(missing.status).toBe(400);
    expect(missing.body.error_code).toBe("VALIDATION_ERROR");
    expect(Object.keys((missing.body.details?.fields ?? {}) as object)).toEqual(expect.arrayContaining(["requested_pipeline", "correlation_id"]));
    const wrongType = await define(bcs.url, { ...request("b4", "nlp", true), batch_metadata: { prompt_attached: "yes" } });
    expect(wrongType.status).toBe(400);
    const notJson = await fetch(`${bcs.url}/internal/v1/pipelines/define`, { method: "POST", body: "{", headers: { "X-Internal-API-Key": KEY } });
    expect(notJson.status).toBe(400);
    const noKey = await define(bcs.url, request("b4", "nlp", true), {});
    expect(noKey.status).toBe(401);
    expect(noKey.body.error_code).toBe("AUTHENTICATION_ERROR");
  });

  test("a DLQ that never answers does not change or delay (beyond its timeout) the caller's error", async () => {
    const silent = await startSilentServer();
    const hung = await startBatchConductorService(
      loadBcsConfig(env({ BCS_DLQ_REDIS_URL: silent.url, BCS_DLQ_PUBLISH_TIMEOUT_SECONDS: "0.4" })),
      createMemoryLogger("bcs-hung"),
    );
    try {
      const started = performance.now();
      const refused = await define(hung.url, request("b5", "ai_feedback", false));
      const elapsed = performance.now() - started;
      expect(refused.status).toBe(422);
      expect(refused.body.error_code).toBe("BCS_PIPELINE_COMPATIBILITY_FAILED");
      expect(refused.body.details?.compatibility_issue).toBe("prompt_not_attached");
      expect(elapsed).toBeLessThan(400 + 300);
      expect(await metric(hung.url, 'dlq_publish_failures_total{topic="huleedu.bcs.pipeline.resolution.v1"')).toBe(1);
    } finally {
      await hung.stop();
      await silent.stop();
    }
  });

  test("a bad pipelines file stops the service from starting, with the reason", async () => {
    const dir = tempDir();
    const file = join(dir.path, "pipelines.yaml");
    writeFileSync(file, "pipelines:\n  nlp:\n    steps:\n      - phase: nlp\n        command_topic: huleedu.els.nlp.initiate.command.v1\n        depends_on: [spellcheck]\n");
    await expect(startBatchConductorService(loadBcsConfig(env({ BCS_PIPELINES_FILE: file })), createMemoryLogger("x"))).rejects.toThrow("depends on \"spellcheck\"");
    dir.remove();
  });
});
