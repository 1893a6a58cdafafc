import { afterAll, beforeAll, describe, expect, test } from "bun:test";
import { BatchStatus } from "@shared/contracts/enums.ts";
import { INTERNAL_KEY, startGatewayFixture, type ErrorBody, type GatewayFixture } from "./gateway-fixture.ts";

let gw: GatewayFixture;
let teacher: string;
const MAX_FILES = 3;
const MAX_FILE_BYTES = 1024;

beforeAll(async () => {
  gw = await startGatewayFixture({ env: { API_GATEWAY_MAX_UPLOAD_FILES: String(MAX_FILES), API_GATEWAY_MAX_FILE_BYTES: String(MAX_FILE_BYTES) } });
  teacher = await gw.identity.token({ sub: "teacher-files" });
});
afterAll(async () => {
  await gw.stop();
});

function form(batchId: string | undefined, files: File[]): FormData {
  const f = new FormData();
  if (batchId !== undefined) f.set("batch_id", batchId);
  for (const file of files) f.append("files", file, file.name);
  return f;
}
const txt = (name: string, text: string) => new File([text], name, { type: "text/plain" });

describe("upload", () => {
  test("files go to the file service with batch_id, X-User-ID and the correlation id; the answer is per file", async () => {
    const batchId = await gw.registerBatch(teacher);
    const res = await gw.call("POST", "/v1/files/batch", teacher, form(batchId, [txt("anna.txt", "Anna's essay ✓"), txt("notes.rtf", "{\\rtf1}")]), { "X-Correlation-ID": "corr-upload", "Idempotency-Key": "upload-1" });
    expect(res.status).toBe(202);
    const body = (await res.json()) as { batch_id: string; files: { file_name: string; accepted: boolean; error_code?: string; file_upload_id?: string }[] };
    expect(body.batch_id).toBe(batchId);
    expect(body.files.map((f) => [f.file_name, f.accepted, f.error_code])).toEqual([["anna.txt", true, undefined], ["notes.rtf", false, "UNSUPPORTED_FILE_TYPE"]]);
    expect(typeof body.files[0]?.file_upload_id).toBe("string");
    const received = gw.fileService.uploads.at(-1)!;
    expect(received).toEqual({ batchId, userId: "teacher-files", idempotencyKey: "upload-1", files: [{ name: "anna.txt", size: new TextEncoder().encode("Anna's essay ✓").byteLength, text: "Anna's essay ✓" }, { name: "notes.rtf", size: 7, text: "{\\rtf1}" }] });
    const call = gw.fileService.requests.at(-1)!;
    expect(call.headers["x-internal-api-key"]).toBe(INTERNAL_KEY);
    expect(call.headers["x-correlation-id"]).toBe("corr-upload");
  });

  test("a batch that no longer awaits content → 409 CONFLICT; nothing is forwarded", async () => {
    const batchId = await gw.registerBatch(teacher);
    gw.bos.setStatus(batchId, BatchStatus.READY_FOR_PIPELINE_EXECUTION);
    const before = gw.fileService.uploads.length;
    const res = await gw.call("POST", "/v1/files/batch", teacher, form(batchId, [txt("late.txt", "late")]));
    expect(res.status).toBe(409);
    const body = (await res.json()) as ErrorBody;
    expect(body.error_code).toBe("CONFLICT");
    expect(body.details?.reason).toBe("batch_not_accepting_files");
    expect(gw.fileService.uploads.length).toBe(before);
  });
});

describe("limits and validation", () => {
  let batchId: string;
  beforeAll(async () => {
    batchId = await gw.registerBatch(teacher);
  });

  test(`more than ${MAX_FILES} files → 400 naming the limit`, async () => {
    const res = await gw.call("POST", "/v1/files/batch", teacher, form(batchId, [1, 2, 3, 4].map((i) => txt(`e${i}.txt`, "x"))));
    expect(res.status).toBe(400);
    const body = (await res.json()) as ErrorBody;
    expect(body.error_code).toBe("VALIDATION_ERROR");
    expect(body.details?.fields?.files).toContain(`at most ${MAX_FILES}`);
  });

  test("a file over the size limit → 413 naming the file", async () => {
    const res = await gw.call("POST", "/v1/files/batch", teacher, form(batchId, [txt("small.txt", "x"), txt("huge.txt", "y".repeat(MAX_FILE_BYTES + 1))]));
    expect(res.status).toBe(413);
    const body = (await res.json()) as ErrorBody;
    expect(body.error_code).toBe("PAYLOAD_TOO_LARGE");
    expect(body.details?.files).toEqual(["huge.txt"]);
  });

  test("a request body over the total limit → 413 before it is read", async () => {
    const res = await gw.call("POST", "/v1/files/batch", teacher, form(batchId, [txt("a.txt", "z".repeat(200_000))]));
    expect(res.status).toBe(413);
    expect(((await res.json()) as ErrorBody).error_code).toBe("PAYLOAD_TOO_LARGE");
  });

  test("no files, no batch_id, a text field as a file, or not multipart → 400/415", async () => {
    const none = await gw.call("POST", "/v1/files/batch", teacher, form(batchId, []));
    expect(none.status).toBe(400);
    expect(((await none.json()) as ErrorBody).details?.fields?.files).toContain("at least one");
    const noBatch = await gw.call("POST", "/v1/files/batch", teacher, form(undefined, [txt("a.txt", "a")]));
    expect(noBatch.status).toBe(400);
    expect(Object.keys(((await noBatch.json()) as ErrorBody).details?.fields ?? {})).toEqual(["batch_id"]);
    const textField = form(batchId, []);
    textField.append("files", "just a string");
    expect((await gw.call("POST", "/v1/files/batch", teacher, textField)).status).toBe(400);
    const json = await gw.call("POST", "/v1/files/batch", teacher, { batch_id: batchId });
    expect(json.status).toBe(415);
    expect(((await json.json()) as ErrorBody).error_code).toBe("UNSUPPORTED_MEDIA_TYPE");
  });
});
