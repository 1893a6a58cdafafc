import { afterAll, beforeAll, describe, expect, test } from "bun:test";
import { EssayContentProvisionedTopic, EssayValidationFailedTopic } from "@shared/contracts/events/file.ts";
import { INTERNAL_KEY, eventsOn, startHarness, upload, USER_ID, type Harness } from "./support/file-service-harness.ts";

const ESSAY = "An essay long enough to pass validation, with more than ten words in it for sure.";
const MAX_FILES = 3;
const MAX_FILE_BYTES = 1000;
const MAX_REQUEST_BYTES = 20_000;

let h: Harness;
beforeAll(async () => {
  h = await startHarness({
    FILE_SERVICE_MAX_FILES_PER_REQUEST: String(MAX_FILES),
    FILE_SERVICE_MAX_FILE_BYTES: String(MAX_FILE_BYTES),
    FILE_SERVICE_MAX_REQUEST_BYTES: String(MAX_REQUEST_BYTES),
  });
});
afterAll(async () => {
  await h.stop();
});

const newBatchId = () => `batch-${crypto.randomUUID()}`;

/** Nothing of a refused request may be recorded or reported. */
async function expectNothingRecorded(batchId: string): Promise<void> {
  await Bun.sleep(300);
  const list = await fetch(`${h.fileService.url}/internal/v1/batches/${batchId}/uploads`, { headers: { "X-Internal-API-Key": INTERNAL_KEY } });
  expect(((await list.json()) as { uploads: unknown[] }).uploads).toEqual([]);
  expect(await eventsOn(h.redis, EssayContentProvisionedTopic, (d) => d.batch_id === batchId)).toEqual([]);
  expect(await eventsOn(h.redis, EssayValidationFailedTopic, (d) => d.batch_id === batchId)).toEqual([]);
}

describe("limits", () => {
  test("more files than allowed is 400 with the limit, and nothing is processed", async () => {
    const batchId = newBatchId();
    const files = Array.from({ length: MAX_FILES + 1 }, (_, i) => ({ name: `e${i}.txt`, bytes: ESSAY }));
    const res = await upload(h.fileService.url, { batchId, files });
    expect(res.status).toBe(400);
    expect(res.body.error_code).toBe("VALIDATION_ERROR");
    expect(res.body.details).toMatchObject({ max_files_per_request: MAX_FILES, file_count: MAX_FILES + 1, fields: { files: expect.any(String) } });
    await expectNothingRecorded(batchId);
  });

  test("exactly the allowed number of files is fine", async () => {
    const files = Array.from({ length: MAX_FILES }, (_, i) => ({ name: `e${i}.txt`, bytes: ESSAY }));
    const res = await upload(h.fileService.url, { batchId: newBatchId(), files });
    expect(res.status).toBe(200);
    expect(res.body.files.every((f) => f.status === "accepted")).toBe(true);
  });

  test("a file over the byte limit is 413 naming it, and nothing is processed", async () => {
    const batchId = newBatchId();
    const res = await upload(h.fileService.url, {
      batchId,
      files: [{ name: "fine.txt", bytes: ESSAY }, { name: "huge.txt", bytes: "word ".repeat(MAX_FILE_BYTES) }],
    });
    expect(res.status).toBe(413);
    expect(res.body.error_code).toBe("PAYLOAD_TOO_LARGE");
    expect(res.body.details).toMatchObject({ max_file_bytes: MAX_FILE_BYTES, files: [{ file_name: "huge.txt", size_bytes: 5 * MAX_FILE_BYTES }] });
    await expectNothingRecorded(batchId);
  });

  test("a body over the request limit is 413 from its Content-Length", async () => {
    const form = new FormData();
    form.append("batch_id", newBatchId());
    form.append("files", new File(["x".repeat(MAX_REQUEST_BYTES + 1)], "big.txt"));
    const res = await fetch(`${h.fileService.url}/internal/v1/files/batch`, {
      method: "POST", body: form, headers: { "X-Internal-API-Key": INTERNAL_KEY, "X-User-ID": USER_ID },
    });
    expect(res.status).toBe(413);
    expect(((await res.json()) as { details: unknown }).details).toEqual({ max_request_bytes: MAX_REQUEST_BYTES });
  });
});

describe("authentication and request shape", () => {
  test("no internal key (or a wrong one) is 401 on both routes", async () => {
    const form = new FormData();
    form.append("batch_id", newBatchId());
    form.append("files", new File([ESSAY], "a.txt"));
    const post = await fetch(`${h.fileService.url}/internal/v1/files/batch`, { method: "POST", body: form, headers: { "X-User-ID": USER_ID } });
    expect(post.status).toBe(401);
    expect(((await post.json()) as { error_code: string }).error_code).toBe("AUTHENTICATION_ERROR");
    const wrong = await fetch(`${h.fileService.url}/internal/v1/batches/b1/uploads`, { headers: { "X-Internal-API-Key": "nope" } });
    expect(wrong.status).toBe(401);
  });

  test("a missing batch_id is 400 with field details", async () => {
    const res = await upload(h.fileService.url, { files: [{ name: "a.txt", bytes: ESSAY }] });
    expect(res.status).toBe(400);
    expect(res.body.error_code).toBe("VALIDATION_ERROR");
    expect(res.body.details).toEqual({ fields: { batch_id: "batch_id is required" } });
  });

  test("no files, a malformed batch id, a text field as a file: 400 naming each field", async () => {
    const none = await upload(h.fileService.url, { batchId: newBatchId(), files: [] });
    expect(none.status).toBe(400);
    expect(Object.keys((none.body.details as { fields: object }).fields)).toEqual(["files"]);

    const form = new FormData();
    form.append("batch_id", "bad id with spaces");
    form.append("files", "not a file");
    const res = await fetch(`${h.fileService.url}/internal/v1/files/batch`, {
      method: "POST", body: form, headers: { "X-Internal-API-Key": INTERNAL_KEY, "X-User-ID": USER_ID },
    });
    expect(res.status).toBe(400);
    const fields = ((await res.json()) as { details: { fields: Record<string, string> } }).details.fields;
    expect(Object.keys(fields).sort()).toEqual(["batch_id", "files.0"]);
  });

  test("the uploading teacher is required; a bad Idempotency-Key is refused", async () => {
    const noUser = await upload(h.fileService.url, { batchId: newBatchId(), files: [{ name: "a.txt", bytes: ESSAY }] }, { "X-User-ID": "" });
    expect(noUser.status).toBe(400);
    expect(Object.keys((noUser.body.details as { fields: object }).fields)).toEqual(["X-User-ID"]);
    const badKey = await upload(h.fileService.url, { batchId: newBatchId(), files: [{ name: "a.txt", bytes: ESSAY }] }, { "Idempotency-Key": "k".repeat(300) });
    expect(badKey.status).toBe(400);
    expect(Object.keys((badKey.body.details as { fields: object }).fields)).toEqual(["Idempotency-Key"]);
  });

  test("a body that is not multipart is 415; broken multipart is 400", async () => {
    const headers = { "X-Internal-API-Key": INTERNAL_KEY, "X-User-ID": USER_ID };
    const json = await fetch(`${h.fileService.url}/internal/v1/files/batch`, {
      method: "POST", body: JSON.stringify({ batch_id: "b" }), headers: { ...headers, "Content-Type": "application/json" },
    });
    expect(json.status).toBe(415);
    expect(((await json.json()) as { error_code: string }).error_code).toBe("UNSUPPORTED_MEDIA_TYPE");
    const broken = await fetch(`${h.fileService.url}/internal/v1/files/batch`, {
      method: "POST", body: "--xyz\r\ngarbage", headers: { ...headers, "Content-Type": "multipart/form-data; boundary=xyz" },
    });
    expect(broken.status).toBe(400);
    expect(((await broken.json()) as { error_code: string }).error_code).toBe("VALIDATION_ERROR");
  });

  test("a client path in the file name is dropped", async () => {
    const res = await upload(h.fileService.url, { batchId: newBatchId(), files: [{ name: "C:\\Users\\anna\\essay.txt", bytes: ESSAY }] });
    expect(res.status).toBe(200);
    expect(res.body.files[0]?.file_name).toBe("essay.txt");
  });
});
