import { afterAll, beforeAll, describe, expect, test } from "bun:test";
import { BatchStatus } from "@shared/contracts/enums.ts";
import { startGatewayFixture, type ErrorBody, type GatewayFixture } from "./gateway-fixture.ts";

let gw: GatewayFixture;
let teacher: string;
beforeAll(async () => {
  gw = await startGatewayFixture();
  teacher = await gw.identity.token({ sub: "teacher-batches" });
});
afterAll(async () => {
  await gw.stop();
});

const promptRef = (storageId: string) => ({ references: { student_prompt_text: { storage_id: storageId } } });

describe("reading batches", () => {
  test("GET /v1/batches/{id} gives status and counts from BOS", async () => {
    const batchId = await gw.registerBatch(teacher, { expected_essay_count: 4 });
    const res = await gw.call("GET", `/v1/batches/${batchId}`, teacher);
    expect(res.status).toBe(200);
    const body = (await res.json()) as Record<string, unknown>;
    expect(body).toMatchObject({ batch_id: batchId, status: "AWAITING_CONTENT", counts: { expected: 4, provisioned: 0, failed: 0 } });
  });

  test("GET /v1/batches lists the caller's batches and passes paging and status filters to BOS", async () => {
    const solo = await gw.identity.token({ sub: "lister" });
    const ids = [await gw.registerBatch(solo), await gw.registerBatch(solo)];
    const res = await gw.call("GET", "/v1/batches?limit=10&offset=0&status=AWAITING_CONTENT", solo);
    expect(res.status).toBe(200);
    const body = (await res.json()) as { batches: { batch_id: string }[]; total: number };
    expect(body.batches.map((b) => b.batch_id).sort()).toEqual(ids.sort());
    expect(gw.bos.requests.at(-1)?.path).toBe("/internal/v1/users/lister/batches");
    const bad = await gw.call("GET", "/v1/batches?limit=0&status=DONE", solo);
    expect(bad.status).toBe(400);
    expect(Object.keys(((await bad.json()) as ErrorBody).details?.fields ?? {}).sort()).toEqual(["limit", "status"]);
  });

  test("an unknown batch is 404 and a malformed id is 400", async () => {
    const missing = await gw.call("GET", `/v1/batches/${crypto.randomUUID()}`, teacher);
    expect(missing.status).toBe(404);
    expect(((await missing.json()) as ErrorBody).error_code).toBe("RESOURCE_NOT_FOUND");
    expect((await gw.call("GET", `/v1/batches/${"x".repeat(200)}`, teacher)).status).toBe(400);
  });
});

describe("PATCH /v1/batches/{id}/prompt", () => {
  test("the owner attaches a prompt whose content exists; BOS gets it with the user id", async () => {
    const batchId = await gw.registerBatch(teacher);
    const storageId = gw.contentService.store("Write about a journey you remember.");
    const res = await gw.call("PATCH", `/v1/batches/${batchId}/prompt`, teacher, { student_prompt_ref: promptRef(storageId) });
    expect(res.status).toBe(200);
    expect(await res.json()).toEqual({ batch_id: batchId, student_prompt_ref: promptRef(storageId) });
    expect(gw.bos.promptAmendments.at(-1)).toEqual({ batchId, body: { student_prompt_ref: promptRef(storageId), user_id: "teacher-batches" } });
    expect(gw.bos.batches.get(batchId)?.student_prompt_ref).toEqual(promptRef(storageId));
  });

  test("content missing from the content service → 404 prompt_content_not_found; BOS untouched", async () => {
    const batchId = await gw.registerBatch(teacher);
    const before = gw.bos.promptAmendments.length;
    const missingId = crypto.randomUUID();
    const res = await gw.call("PATCH", `/v1/batches/${batchId}/prompt`, teacher, { student_prompt_ref: promptRef(missingId) });
    expect(res.status).toBe(404);
    const body = (await res.json()) as ErrorBody;
    expect(body.error_code).toBe("RESOURCE_NOT_FOUND");
    expect(body.details?.reason).toBe("prompt_content_not_found");
    expect(body.message).toContain(missingId);
    expect(gw.bos.promptAmendments.length).toBe(before);
  });

  test("a reference without student_prompt_text, or malformed → 400 with the field", async () => {
    const batchId = await gw.registerBatch(teacher);
    const storageId = gw.contentService.store("An essay, not a prompt.");
    const wrongType = await gw.call("PATCH", `/v1/batches/${batchId}/prompt`, teacher, { student_prompt_ref: { references: { original_essay: { storage_id: storageId } } } });
    expect(wrongType.status).toBe(400);
    expect(Object.keys(((await wrongType.json()) as ErrorBody).details?.fields ?? {})).toEqual(["student_prompt_ref.references.student_prompt_text"]);
    const malformed = await gw.call("PATCH", `/v1/batches/${batchId}/prompt`, teacher, { student_prompt_ref: "prompt.txt" });
    expect(malformed.status).toBe(400);
    expect(Object.keys(((await malformed.json()) as ErrorBody).details?.fields ?? {})).toEqual(["student_prompt_ref"]);
  });

  test("while a pipeline runs → 409 pipeline_running", async () => {
    const batchId = await gw.registerBatch(teacher);
    gw.bos.setStatus(batchId, BatchStatus.PROCESSING_PIPELINES);
    const storageId = gw.contentService.store("Prompt");
    const res = await gw.call("PATCH", `/v1/batches/${batchId}/prompt`, teacher, { student_prompt_ref: promptRef(storageId) });
    expect(res.status).toBe(409);
    expect(((await res.json()) as ErrorBody).details?.reason).toBe("pipeline_running");
  });
});
