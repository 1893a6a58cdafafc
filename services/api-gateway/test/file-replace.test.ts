import { afterAll, beforeAll, describe, expect, test } from "bun:test";
import { BatchStatus } from "@shared/contracts/enums.ts";
import { startGatewayFixture, type ErrorBody, type GatewayFixture } from "./gateway-fixture.ts";

let gw: GatewayFixture;
let teacher: string;
let stranger: string;
const MAX_FILE_BYTES = 1024;

beforeAll(async () => {
  gw = await startGatewayFixture({ env: { API_GATEWAY_MAX_FILE_BYTES: String(MAX_FILE_BYTES) } });
  teacher = await gw.identity.token({ sub: "teacher-replace" });
  stranger = await gw.identity.token({ sub: "teacher-stranger" });
});
afterAll(async () => {
  await gw.stop();
});

const one = (name: string, text: string) => {
  const f = new FormData();
  f.append("file", new File([text], name, { type: "text/plain" }));
  return f;
};
const put = (batchId: string, fileId: string, token: string, body: unknown, headers: Record<string, string> = {}) =>
  gw.call("PUT", `/v1/batches/${batchId}/files/${fileId}`, token, body, headers);

describe("PUT /v1/batches/{batch_id}/files/{file_id}", () => {
  test("the owner's file goes to the file service with X-User-ID and the correlation id → 202 replaced", async () => {
    const batchId = await gw.registerBatch(teacher);
    gw.bos.setStatus(batchId, BatchStatus.COMPLETED_SUCCESSFULLY);
    const res = await put(batchId, "upload-1", teacher, one("better.txt", "A better essay."), { "X-Correlation-ID": "corr-replace" });
    expect(res.status).toBe(202);
    expect(await res.json()).toEqual({ batch_id: batchId, file_id: "upload-1", file_name: "better.txt", status: "replaced" });
    expect(gw.fileService.replacements.at(-1)).toEqual({ batchId, fileId: "upload-1", userId: "teacher-replace", name: "better.txt", text: "A better essay." });
    expect(gw.fileService.requests.at(-1)?.headers["x-correlation-id"]).toBe("corr-replace");
  });

  test("while a pipeline runs → 409 pipeline_running; nothing is forwarded", async () => {
    const batchId = await gw.registerBatch(teacher);
    gw.bos.setStatus(batchId, BatchStatus.PROCESSING_PIPELINES);
    const before = gw.fileService.replacements.length;
    const res = await put(batchId, "upload-1", teacher, one("better.txt", "text"));
    expect(res.status).toBe(409);
    const body = (await res.json()) as ErrorBody;
    expect(body.error_code).toBe("CONFLICT");
    expect(body.details?.reason).toBe("pipeline_running");
    expect(gw.fileService.replacements.length).toBe(before);
  });

  test("another teacher's batch, a missing batch and a missing file answer the same 404", async () => {
    const batchId = await gw.registerBatch(teacher);
    const before = gw.fileService.replacements.length;
    const theirs = await put(batchId, "upload-1", stranger, one("x.txt", "text"));
    const nothing = await put("no-such-batch", "upload-1", teacher, one("x.txt", "text"));
    expect([theirs.status, nothing.status]).toEqual([404, 404]);
    expect(((await theirs.json()) as ErrorBody).message).toBe(`Batch ${batchId} not found`);
    expect(gw.fileService.replacements.length).toBe(before);
    const missing = await put(batchId, "missing-file", teacher, one("x.txt", "text"));
    expect(missing.status).toBe(404);
    expect(((await missing.json()) as ErrorBody).error_code).toBe("RESOURCE_NOT_FOUND");
  });

  test("a file the file service rejects → 400 with its file error; malformed requests are refused before it", async () => {
    const batchId = await gw.registerBatch(teacher);
    const bad = await put(batchId, "upload-1", teacher, one("essay.bad", "garbage"));
    expect(bad.status).toBe(400);
    expect((await bad.json()) as ErrorBody).toMatchObject({ error_code: "VALIDATION_ERROR", details: { reason: "file_rejected", file_error_code: "CORRUPT_FILE" } });
    const before = gw.fileService.requests.length;
    const two = one("a.txt", "a");
    two.append("file", new File(["b"], "b.txt"));
    expect((await put(batchId, "upload-1", teacher, two)).status).toBe(400);
    expect((await put(batchId, "upload-1", teacher, "plain text", { "Content-Type": "text/plain" })).status).toBe(415);
    expect((await put(batchId, "upload-1", teacher, one("huge.txt", "y".repeat(MAX_FILE_BYTES + 1)))).status).toBe(413);
    expect((await put(batchId, "upload-1", undefined as unknown as string, one("a.txt", "a"))).status).toBe(401);
    expect(gw.fileService.requests.length).toBe(before);
  });
});
