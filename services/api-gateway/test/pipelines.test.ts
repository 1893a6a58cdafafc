import { afterAll, beforeAll, beforeEach, describe, expect, test } from "bun:test";
import * as v from "valibot";
import { BatchStatus } from "@shared/contracts/enums.ts";
import { ClientBatchPipelineRequestTopic } from "@shared/contracts/events/batch.ts";
import type { Redis } from "@shared/bus/redis.ts";
import type { EventEnvelope } from "@shared/contracts/envelope.ts";
import type { TopicData } from "@shared/contracts/topics.ts";
import { startGatewayFixture, type ErrorBody, type GatewayFixture } from "./gateway-fixture.ts";
import { essayResult, rasViews } from "./fakes/fake-ras.ts";

let gw: GatewayFixture;
let teacher: string;
let redis: Redis;
const STREAM = ClientBatchPipelineRequestTopic.name;

beforeAll(async () => {
  gw = await startGatewayFixture();
  teacher = await gw.identity.token({ sub: "teacher-pipes" });
  redis = gw.redis.client();
});
afterAll(async () => {
  await gw.stop();
});

type PipelineCommand = EventEnvelope<TopicData<typeof ClientBatchPipelineRequestTopic>>;

/** The commands on the stream, each checked against the topic's envelope schema. */
async function commands(): Promise<PipelineCommand[]> {
  const entries = await redis.xrange(STREAM, "-", "+");
  return entries.map(([, fields]) => {
    const envelope: unknown = JSON.parse(fields[1]!);
    v.parse(ClientBatchPipelineRequestTopic.envelope, envelope);
    return envelope as PipelineCommand;
  });
}

async function readyBatch(status: BatchStatus = BatchStatus.READY_FOR_PIPELINE_EXECUTION): Promise<string> {
  const batchId = await gw.registerBatch(teacher);
  gw.bos.setStatus(batchId, status);
  return batchId;
}

describe("POST /v1/batches/{id}/pipelines", () => {
  beforeEach(async () => {
    await redis.del(STREAM);
  });

  test("publishes ClientBatchPipelineRequest on its stream with the request's correlation id and answers 202", async () => {
    const batchId = await readyBatch();
    const res = await gw.call("POST", `/v1/batches/${batchId}/pipelines`, teacher, { requested_pipeline: "nlp" }, { "X-Correlation-ID": "corr-pipe-1" });
    expect(res.status).toBe(202);
    expect(await res.json()).toEqual({ correlation_id: "corr-pipe-1", batch_id: batchId });
    const [command, ...rest] = await commands();
    expect(rest).toHaveLength(0);
    expect(command?.event_type).toBe(STREAM);
    expect(command?.correlation_id).toBe("corr-pipe-1");
    expect(command?.source_service).toBe("api-gateway");
    expect(command?.data).toEqual({ batch_id: batchId, requested_pipeline: "nlp", user_id: "teacher-pipes", prompt_payload: null });
    expect(command?.metadata).toMatchObject({ user_id: "teacher-pipes", batch_id: batchId });
  });

  test("the caller's W3C traceparent reaches BOS and the published command under the same trace id", async () => {
    const batchId = await readyBatch();
    const trace = "4bf92f3577b34da6a3ce929d0e0e4736";
    const res = await gw.call("POST", `/v1/batches/${batchId}/pipelines`, teacher, { requested_pipeline: "nlp" }, { traceparent: `00-${trace}-00f067aa0ba902b7-01` });
    expect(res.status).toBe(202);
    const [command] = await commands();
    expect(command?.metadata?.traceparent).toMatch(new RegExp(`^00-${trace}-[0-9a-f]{16}-01$`));
    expect(command?.metadata?.trace_id).toBe(trace);
    const toBos = gw.bos.requests.filter((r) => r.path === `/internal/v1/batches/${batchId}`).at(-1);
    expect(toBos?.headers.traceparent).toMatch(new RegExp(`^00-${trace}-`));
  });

  test("a prompt payload travels with the command; a cms_prompt_ref must point at existing content", async () => {
    const batchId = await readyBatch(BatchStatus.COMPLETED_SUCCESSFULLY);
    const storageId = gw.contentService.store("Prompt text");
    const payload = { cms_prompt_ref: { references: { student_prompt_text: { storage_id: storageId } } } };
    expect((await gw.call("POST", `/v1/batches/${batchId}/pipelines`, teacher, { requested_pipeline: "cj_assessment", prompt_payload: payload })).status).toBe(202);
    expect((await commands())[0]?.data.prompt_payload).toEqual(payload);

    const missing = await gw.call("POST", `/v1/batches/${batchId}/pipelines`, teacher, {
      requested_pipeline: "cj_assessment", prompt_payload: { cms_prompt_ref: { references: { student_prompt_text: { storage_id: crypto.randomUUID() } } } },
    });
    expect(missing.status).toBe(404);
    expect(((await missing.json()) as ErrorBody).details?.reason).toBe("prompt_content_not_found");

    expect((await gw.call("POST", `/v1/batches/${batchId}/pipelines`, teacher, { requested_pipeline: "ai_feedback", prompt_payload: { assignment_id: "assignment-9" } })).status).toBe(202);
    expect((await commands()).map((c) => c.data.prompt_payload)).toEqual([payload, { assignment_id: "assignment-9" }]);
  });

  test("BOS's admission decides: a denial → 409 CONFLICT with BOS's reason and nothing is published", async () => {
    const denials = [
      [BatchStatus.AWAITING_CONTENT, "batch_not_ready"], [BatchStatus.PROCESSING_PIPELINES, "pipeline_in_progress"], [BatchStatus.FAILED_CRITICALLY, "no_essays"],
    ] as const;
    for (const [status, reason] of denials) {
      const batchId = await readyBatch(status);
      gw.bos.setAdmission(batchId, { allowed: false, reason, message: `BOS says ${reason}` });
      const res = await gw.call("POST", `/v1/batches/${batchId}/pipelines`, teacher, { requested_pipeline: "spellcheck" });
      expect(res.status).toBe(409);
      const body = (await res.json()) as ErrorBody;
      expect(body.error_code).toBe("CONFLICT");
      expect(body.details?.reason).toBe(reason);
      expect(body.message).toBe(`BOS says ${reason}`);
    }
    expect(await redis.xlen(STREAM)).toBe(0);
  });

  test("a FAILED_CRITICALLY batch that BOS admits (a failed pipeline, essays still there) gets 202, as BOS would run it", async () => {
    const batchId = await readyBatch(BatchStatus.FAILED_CRITICALLY);
    gw.bos.setAdmission(batchId, { allowed: true, reason: null, message: null });
    const res = await gw.call("POST", `/v1/batches/${batchId}/pipelines`, teacher, { requested_pipeline: "spellcheck" });
    expect(res.status).toBe(202);
    expect(await redis.xlen(STREAM)).toBe(1);
  });

  test("an unknown pipeline, a missing one or extra fields → 400 with the field", async () => {
    const batchId = await readyBatch();
    for (const [body, field] of [[{ requested_pipeline: "grammar" }, "requested_pipeline"], [{}, "requested_pipeline"], [{ requested_pipeline: "nlp", user_id: "x" }, "user_id"]] as const) {
      const res = await gw.call("POST", `/v1/batches/${batchId}/pipelines`, teacher, body);
      expect(res.status).toBe(400);
      expect(Object.keys(((await res.json()) as ErrorBody).details?.fields ?? {})).toEqual([field]);
    }
    expect(await redis.xlen(STREAM)).toBe(0);
  });
});

describe("status and results from RAS", () => {
  test("/status is the view without essays; /results carries the per-essay results", async () => {
    const batchId = await readyBatch();
    const essays = [essayResult("e1", { file_name: "e1.txt", original_text_storage_id: "s1" })];
    const views = rasViews(batchId, "teacher-pipes", { status: { status: "COMPLETED_SUCCESSFULLY", current_pipeline: "spellcheck" }, essays });
    gw.ras.views.set(batchId, views);
    const status = await gw.call("GET", `/v1/batches/${batchId}/status`, teacher);
    expect(status.status).toBe(200);
    const body = (await status.json()) as Record<string, unknown>;
    expect(body).toEqual(views.status);
    expect(body).not.toHaveProperty("essays");
    const results = await gw.call("GET", `/v1/batches/${batchId}/results`, teacher);
    expect(((await results.json()) as { essays: unknown }).essays).toEqual(essays);
    expect(gw.ras.requests.at(-1)?.headers["x-internal-api-key"]).toBeDefined();
  });

  test("no view in RAS yet → 404", async () => {
    const res = await gw.call("GET", `/v1/batches/${crypto.randomUUID()}/status`, teacher);
    expect(res.status).toBe(404);
  });
});
