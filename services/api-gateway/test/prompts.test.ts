import { afterAll, beforeAll, describe, expect, test } from "bun:test";
import { join } from "node:path";
import { BatchStatus } from "@shared/contracts/enums.ts";
import { ClientBatchPipelineRequestTopic } from "@shared/contracts/events/batch.ts";
import { createMemoryLogger } from "@shared/observability/logger.ts";
import { startRedis } from "@shared/testing/redis.ts";
import { tempDir } from "@shared/testing/temp-dir.ts";
import { loadContentConfig } from "../../content-service/src/config.ts";
import { startContentService } from "../../content-service/src/service.ts";
import { PROMPT_BODY_MAX_BYTES } from "../src/http/prompt-routes.ts";
import { PROMPT_OWNERS_KEY } from "../src/prompts/prompt-owners.ts";
import { INTERNAL_KEY, startGatewayFixture, type ErrorBody, type GatewayFixture } from "./gateway-fixture.ts";

let gw: GatewayFixture;
let anna: string;
let bert: string;
beforeAll(async () => {
  gw = await startGatewayFixture();
  anna = await gw.identity.token({ sub: "anna", org_id: "school-1" });
  // Same organisation does not make a prompt shared.
  bert = await gw.identity.token({ sub: "bert", org_id: "school-1" });
});
afterAll(async () => {
  await gw.stop();
});

type PromptRef = { references: Record<string, { storage_id: string }> };
const promptRef = (storageId: string): PromptRef => ({ references: { student_prompt_text: { storage_id: storageId } } });
const storageIdOf = (ref: PromptRef) => ref.references.student_prompt_text!.storage_id;
const registration = (ref: unknown) => ({ expected_essay_count: 2, course_code: "ENG5", essay_instructions: "Argue a case.", student_prompt_ref: ref });
const upload = (token: string | undefined, body: string, contentType: string) => gw.call("POST", "/v1/prompts", token, body, { "Content-Type": contentType });

describe("POST /v1/prompts", () => {
  test("JSON text is stored as UTF-8 plain text in the content service; the answer is the prompt reference; the owner is recorded", async () => {
    const res = await gw.call("POST", "/v1/prompts", anna, { text: "  Should schools ban mobile phones? ✓\n" }, { "X-Correlation-ID": "corr-prompt-1" });
    expect(res.status).toBe(201);
    const ref = (await res.json()) as PromptRef;
    expect(Object.keys(ref.references)).toEqual(["student_prompt_text"]);
    expect(Object.keys(ref.references.student_prompt_text!)).toEqual(["storage_id"]);
    const storageId = storageIdOf(ref);
    expect(gw.contentService.contents.get(storageId)).toEqual({ text: "Should schools ban mobile phones? ✓", mediaType: "text/plain; charset=utf-8" });
    const call = gw.contentService.requests.find((r) => r.method === "POST")!;
    expect(call.path).toBe("/v1/content");
    expect(call.headers["x-internal-api-key"]).toBe(INTERNAL_KEY);
    expect(call.headers["x-correlation-id"]).toBe("corr-prompt-1");
    expect(await gw.redis.client().hget(PROMPT_OWNERS_KEY, storageId)).toBe("anna");
  });

  test("a text/plain body (UTF-8, with or without charset) is stored the same way", async () => {
    for (const contentType of ["text/plain; charset=utf-8", "text/plain", "Text/Plain; Charset=\"UTF-8\""]) {
      const res = await upload(anna, "Beskriv en plats du minns – på svenska.", contentType);
      expect([contentType, res.status]).toEqual([contentType, 201]);
      expect(gw.contentService.contents.get(storageIdOf((await res.json()) as PromptRef))?.text).toBe("Beskriv en plats du minns – på svenska.");
    }
  });

  test("exactly 20,000 characters are accepted", async () => {
    const ref = await gw.uploadPrompt(anna, "p".repeat(20_000));
    expect(gw.contentService.contents.get(storageIdOf(ref))?.text.length).toBe(20_000);
  });

  test("empty, blank, too long, mistyped or extra fields → 400 with the field; nothing is stored", async () => {
    const before = gw.contentService.contents.size;
    const cases: [unknown, string][] = [
      [{ text: "" }, "text"], [{ text: " \n\t " }, "text"], [{ text: "x".repeat(20_001) }, "text"], [{ text: 42 }, "text"], [{}, "text"],
      [{ text: "fine", owner: "bert" }, "owner"],
    ];
    for (const [body, field] of cases) {
      const res = await gw.call("POST", "/v1/prompts", anna, body);
      expect(res.status).toBe(400);
      const error = (await res.json()) as ErrorBody;
      expect(error.error_code).toBe("VALIDATION_ERROR");
      expect(Object.keys(error.details?.fields ?? {})).toEqual([field]);
    }
    const blankText = await upload(anna, "   ", "text/plain");
    expect(blankText.status).toBe(400);
    expect(Object.keys(((await blankText.json()) as ErrorBody).details?.fields ?? {})).toEqual(["text"]);
    expect((await gw.call("POST", "/v1/prompts", anna, "{not json")).status).toBe(400);
    const notUtf8 = await fetch(`${gw.url}/v1/prompts`, { method: "POST", body: new Uint8Array([0x68, 0xe9, 0x6a]), headers: { Authorization: `Bearer ${anna}`, "Content-Type": "text/plain" } });
    expect(notUtf8.status).toBe(400);
    expect(((await notUtf8.json()) as ErrorBody).message).toContain("UTF-8");
    expect(gw.contentService.contents.size).toBe(before);
  });

  test("another media type or a non-UTF-8 charset → 415", async () => {
    for (const contentType of ["application/xml", "text/plain; charset=iso-8859-1", "multipart/form-data; boundary=x"]) {
      const res = await upload(anna, "A prompt.", contentType);
      expect([contentType, res.status]).toEqual([contentType, 415]);
      expect(((await res.json()) as ErrorBody).error_code).toBe("UNSUPPORTED_MEDIA_TYPE");
    }
  });

  test("a body over the limit → 413, whether declared or streamed", async () => {
    const before = gw.contentService.contents.size;
    const declared = await upload(anna, "z".repeat(PROMPT_BODY_MAX_BYTES + 1), "text/plain");
    expect(declared.status).toBe(413);
    expect(((await declared.json()) as ErrorBody).error_code).toBe("PAYLOAD_TOO_LARGE");
    const chunk = new TextEncoder().encode("z".repeat(64 * 1024));
    let sent = 0;
    const stream = new ReadableStream<Uint8Array>({
      pull(controller) {
        if (sent > PROMPT_BODY_MAX_BYTES) return controller.close();
        sent += chunk.byteLength;
        controller.enqueue(chunk);
      },
    });
    const streamed = await fetch(`${gw.url}/v1/prompts`, { method: "POST", body: stream, headers: { Authorization: `Bearer ${anna}`, "Content-Type": "text/plain" } });
    expect(streamed.status).toBe(413);
    expect(gw.contentService.contents.size).toBe(before);
  });

  test("the content service failing → 502 EXTERNAL_SERVICE_ERROR and no owner is recorded", async () => {
    const owners = await gw.redis.client().hlen(PROMPT_OWNERS_KEY);
    gw.contentService.setFailStores(true);
    try {
      const res = await gw.call("POST", "/v1/prompts", anna, { text: "A prompt." });
      expect(res.status).toBe(502);
      const body = (await res.json()) as ErrorBody;
      expect(body.error_code).toBe("EXTERNAL_SERVICE_ERROR");
      expect(body.details?.upstream).toBe("content-service");
    } finally {
      gw.contentService.setFailStores(false);
    }
    expect(await gw.redis.client().hlen(PROMPT_OWNERS_KEY)).toBe(owners);
  });

  test("Redis unavailable: no reference is handed out without a recorded owner (502)", async () => {
    const redis = await startRedis();
    const cut = await startGatewayFixture({ redis });
    try {
      const token = await cut.identity.token({ sub: "anna" });
      await redis.stop();
      const res = await cut.call("POST", "/v1/prompts", token, { text: "A prompt." });
      expect(res.status).toBe(502);
      expect(((await res.json()) as ErrorBody).details?.upstream).toBe("redis");
    } finally {
      await cut.stop();
    }
  });
});

describe("using an uploaded prompt", () => {
  let mine: PromptRef;
  let theirs: PromptRef;
  beforeAll(async () => {
    mine = await gw.uploadPrompt(anna, "Anna's prompt: describe a journey.");
    theirs = await gw.uploadPrompt(bert, "Bert's prompt: describe a place.");
  });

  test("the uploader attaches it at registration (BOS receives it), by amendment, and in a pipeline request", async () => {
    const res = await gw.call("POST", "/v1/batches/register", anna, registration(mine));
    expect(res.status).toBe(201);
    const { batch_id } = (await res.json()) as { batch_id: string };
    expect(gw.bos.registrations.at(-1)?.body.student_prompt_ref).toEqual(mine);
    expect(gw.bos.batches.get(batch_id)?.student_prompt_ref).toEqual(mine);

    const other = await gw.registerBatch(anna);
    expect((await gw.call("PATCH", `/v1/batches/${other}/prompt`, anna, { student_prompt_ref: mine })).status).toBe(200);
    expect(gw.bos.batches.get(other)?.student_prompt_ref).toEqual(mine);

    gw.bos.setStatus(batch_id, BatchStatus.READY_FOR_PIPELINE_EXECUTION);
    const pipeline = await gw.call("POST", `/v1/batches/${batch_id}/pipelines`, anna, { requested_pipeline: "cj_assessment", prompt_payload: { cms_prompt_ref: mine } });
    expect(pipeline.status).toBe(202);
  });

  test("another teacher's prompt → 404 at registration, amendment and pipeline request; nothing reaches BOS or the stream", async () => {
    const batchId = await gw.registerBatch(anna);
    gw.bos.setStatus(batchId, BatchStatus.READY_FOR_PIPELINE_EXECUTION);
    const before = { registrations: gw.bos.registrations.length, amendments: gw.bos.promptAmendments.length, commands: await gw.redis.client().xlen(ClientBatchPipelineRequestTopic.name) };
    const foreignId = storageIdOf(theirs);
    const attempts: [string, string, unknown][] = [
      ["POST", "/v1/batches/register", registration(theirs)],
      // Hidden beside the caller's own prompt under another content type: still refused.
      ["POST", "/v1/batches/register", registration({ references: { student_prompt_text: mine.references.student_prompt_text, original_essay: { storage_id: foreignId } } })],
      ["PATCH", `/v1/batches/${batchId}/prompt`, { student_prompt_ref: theirs }],
      ["POST", `/v1/batches/${batchId}/pipelines`, { requested_pipeline: "cj_assessment", prompt_payload: { cms_prompt_ref: theirs } }],
    ];
    for (const [method, path, body] of attempts) {
      const res = await gw.call(method, path, anna, body);
      expect([method, path, res.status]).toEqual([method, path, 404]);
      const error = (await res.json()) as ErrorBody;
      expect(error.error_code).toBe("RESOURCE_NOT_FOUND");
      expect(error.details?.reason).toBe("prompt_content_not_found");
      expect(error.details?.storage_id).toBe(foreignId);
    }
    expect(gw.bos.registrations.length).toBe(before.registrations);
    expect(gw.bos.promptAmendments.length).toBe(before.amendments);
    expect(await gw.redis.client().xlen(ClientBatchPipelineRequestTopic.name)).toBe(before.commands);
  });

  test("another teacher's prompt is answered exactly like a prompt that does not exist", async () => {
    const batchId = await gw.registerBatch(anna);
    const missingId = crypto.randomUUID();
    const strip = (b: ErrorBody, id: string) => ({ ...b, correlation_id: undefined, message: b.message.replace(id, "ID"), details: { ...b.details, storage_id: undefined } });
    const foreign = await gw.call("PATCH", `/v1/batches/${batchId}/prompt`, anna, { student_prompt_ref: theirs });
    const missing = await gw.call("PATCH", `/v1/batches/${batchId}/prompt`, anna, { student_prompt_ref: promptRef(missingId) });
    expect(foreign.status).toBe(404);
    expect(missing.status).toBe(404);
    expect(strip((await foreign.json()) as ErrorBody, storageIdOf(theirs))).toEqual(strip((await missing.json()) as ErrorBody, missingId));
  });

  test("the owner still uses their own prompt (control), and prompts with no recorded owner are accepted from anyone", async () => {
    expect((await gw.call("POST", "/v1/batches/register", bert, registration(theirs))).status).toBe(201);
    const legacy = promptRef(gw.contentService.store("Stored before prompts had owners."));
    for (const token of [anna, bert]) {
      const res = await gw.call("POST", "/v1/batches/register", token, registration(legacy));
      expect(res.status).toBe(201);
      const batchId = ((await res.json()) as { batch_id: string }).batch_id;
      expect((await gw.call("PATCH", `/v1/batches/${batchId}/prompt`, token, { student_prompt_ref: legacy })).status).toBe(200);
      gw.bos.setStatus(batchId, BatchStatus.READY_FOR_PIPELINE_EXECUTION);
      expect((await gw.call("POST", `/v1/batches/${batchId}/pipelines`, token, { requested_pipeline: "cj_assessment", prompt_payload: { cms_prompt_ref: legacy } })).status).toBe(202);
    }
  });
});

test("against the real content service: the stored prompt is UTF-8 text/plain and the reference attaches to a batch", async () => {
  const dir = tempDir();
  const content = await startContentService(
    loadContentConfig({ HULEEDU_INTERNAL_API_KEY: INTERNAL_KEY, CONTENT_SERVICE_HTTP_PORT: "0", CONTENT_SERVICE_DB_PATH: join(dir.path, "content.sqlite") }),
    createMemoryLogger("content-service"),
  );
  const real = await startGatewayFixture({ redis: gw.redis, env: { CONTENT_SERVICE_URL: content.url } });
  try {
    const token = await real.identity.token({ sub: "carin" });
    const text = "Skriv om en resa – ✓ åäö";
    const ref = await real.uploadPrompt(token, text);
    const stored = await fetch(`${content.url}/v1/content/${storageIdOf(ref)}`, { headers: { "X-Internal-API-Key": INTERNAL_KEY } });
    expect(stored.status).toBe(200);
    expect(stored.headers.get("Content-Type")).toBe("text/plain; charset=utf-8");
    expect(await stored.text()).toBe(text);
    const batchId = await real.registerBatch(token, { student_prompt_ref: ref });
    expect((await real.call("PATCH", `/v1/batches/${batchId}/prompt`, token, { student_prompt_ref: ref })).status).toBe(200);
    const intruder = await real.identity.token({ sub: "dan" });
    expect((await real.call("POST", "/v1/batches/register", intruder, registration(ref))).status).toBe(404);
  } finally {
    await real.stop();
    await content.stop();
    dir.remove();
  }
});
