import { afterAll, beforeAll, describe, expect, test } from "bun:test";
import { join } from "node:path";
import { EssayContentProvisionedTopic, EssayValidationFailedTopic } from "@shared/contracts/events/file.ts";
import { createMemoryLogger } from "@shared/observability/logger.ts";
import { freePort } from "@shared/testing/ports.ts";
import { startSilentServer } from "@shared/testing/silent-server.ts";
import { makePdf } from "../../../tests/fixtures/make-documents.ts";
import { loadFileServiceConfig } from "../src/config.ts";
import { startFileService } from "../src/service.ts";
import { INTERNAL_KEY, eventsOn, startHarness, upload, waitForEvents, type Harness } from "./support/file-service-harness.ts";

const ESSAY = "An essay long enough to pass validation, with more than ten words in it for sure.";
const OTHER_ESSAY = "A second essay, different from the first, and also comfortably over ten words long.";

let h: Harness;
beforeAll(async () => {
  h = await startHarness({ FILE_SERVICE_CONTENT_TIMEOUT_MS: "500" });
});
afterAll(async () => {
  await h.stop();
});

const newBatchId = () => `batch-${crypto.randomUUID()}`;
const ofBatch = (batchId: string) => (d: { batch_id: string }) => d.batch_id === batchId;

async function listUploads(baseUrl: string, batchId: string): Promise<{ file_name: string; status: string; error_code: string | null }[]> {
  const res = await fetch(`${baseUrl}/internal/v1/batches/${batchId}/uploads`, { headers: { "X-Internal-API-Key": INTERNAL_KEY } });
  return ((await res.json()) as { uploads: { file_name: string; status: string; error_code: string | null }[] }).uploads;
}

describe("Idempotency-Key", () => {
  test("a retry with the same key and files gets the same answer and no second events", async () => {
    const batchId = newBatchId();
    const files = [{ name: "a.txt", bytes: ESSAY }, { name: "b.txt", bytes: "" }];
    const headers = { "Idempotency-Key": `upload-${crypto.randomUUID()}` };
    const first = await upload(h.fileService.url, { batchId, files }, headers);
    expect(first.status).toBe(200);
    expect(first.body.files.map((f) => f.status)).toEqual(["accepted", "rejected"]);
    const second = await upload(h.fileService.url, { batchId, files }, headers);
    expect(second.status).toBe(200);
    expect(second.body).toEqual(first.body);

    await Bun.sleep(400);
    expect(await eventsOn(h.redis, EssayContentProvisionedTopic, ofBatch(batchId))).toHaveLength(1);
    expect(await eventsOn(h.redis, EssayValidationFailedTopic, ofBatch(batchId))).toHaveLength(1);
    expect(await listUploads(h.fileService.url, batchId)).toHaveLength(2);
  });

  test("without a key, the same files are a new upload", async () => {
    const batchId = newBatchId();
    const files = [{ name: "a.txt", bytes: ESSAY }];
    const first = await upload(h.fileService.url, { batchId, files });
    const second = await upload(h.fileService.url, { batchId, files });
    expect(second.body.files[0]?.file_upload_id).not.toBe(first.body.files[0]?.file_upload_id);
    expect(await waitForEvents(h.redis, EssayContentProvisionedTopic, ofBatch(batchId), 2)).toHaveLength(2);
  });

  test("the same key with other files is 409; the key belongs to its batch", async () => {
    const batchId = newBatchId();
    const headers = { "Idempotency-Key": `upload-${crypto.randomUUID()}` };
    expect((await upload(h.fileService.url, { batchId, files: [{ name: "a.txt", bytes: ESSAY }] }, headers)).status).toBe(200);
    const changed = await upload(h.fileService.url, { batchId, files: [{ name: "a.txt", bytes: OTHER_ESSAY }] }, headers);
    expect(changed.status).toBe(409);
    expect(changed.body).toMatchObject({ error_code: "CONFLICT", details: { reason: "idempotency_key_reused" } });
    const otherBatch = await upload(h.fileService.url, { batchId: newBatchId(), files: [{ name: "a.txt", bytes: OTHER_ESSAY }] }, headers);
    expect(otherBatch.status).toBe(200);
  });

  test("concurrent requests with one key: the files are processed once", async () => {
    const batchId = newBatchId();
    const headers = { "Idempotency-Key": `upload-${crypto.randomUUID()}` };
    const files = [{ name: "a.txt", bytes: ESSAY }];
    const [a, b] = await Promise.all([upload(h.fileService.url, { batchId, files }, headers), upload(h.fileService.url, { batchId, files }, headers)]);
    // The second either finds the first still running (409, retry) or finished (its answer again).
    const [winner, other] = a.status === 200 && b.status !== 200 ? [a, b] : [b, a];
    expect(winner.status).toBe(200);
    if (other.status === 409) expect(other.body.details).toMatchObject({ reason: "request_in_progress" });
    else expect(other.body).toEqual(winner.body);
    await Bun.sleep(400);
    expect(await eventsOn(h.redis, EssayContentProvisionedTopic, ofBatch(batchId))).toHaveLength(1);
  });
});

describe("content service faults", () => {
  test("content service down: files are rejected with EXTERNAL_SERVICE_ERROR, 502, no events; a keyed retry then succeeds once", async () => {
    const batchId = newBatchId();
    const files = [{ name: "a.txt", bytes: ESSAY }, { name: "b.txt", bytes: OTHER_ESSAY }];
    const headers = { "Idempotency-Key": `upload-${crypto.randomUUID()}` };
    await h.stopContent();
    let down;
    try {
      down = await upload(h.fileService.url, { batchId, files }, headers);
    } finally {
      await h.startContent();
    }
    expect(down.status).toBe(502);
    expect(down.body.error_code).toBe("EXTERNAL_SERVICE_ERROR");
    expect(down.body.batch_id).toBe(batchId);
    expect(down.body.files.map((f) => [f.status, f.error_code])).toEqual([["rejected", "EXTERNAL_SERVICE_ERROR"], ["rejected", "EXTERNAL_SERVICE_ERROR"]]);
    await Bun.sleep(400);
    expect(await eventsOn(h.redis, EssayContentProvisionedTopic, ofBatch(batchId))).toEqual([]);
    expect(await eventsOn(h.redis, EssayValidationFailedTopic, ofBatch(batchId))).toEqual([]);
    expect((await listUploads(h.fileService.url, batchId)).map((u) => [u.status, u.error_code])).toEqual([
      ["failed", "EXTERNAL_SERVICE_ERROR"], ["failed", "EXTERNAL_SERVICE_ERROR"],
    ]);

    // The content service is back on the same port: the retry processes the files under the same ids.
    const retry = await upload(h.fileService.url, { batchId, files }, headers);
    expect(retry.status).toBe(200);
    expect(retry.body.files.map((f) => f.status)).toEqual(["accepted", "accepted"]);
    expect(retry.body.files.map((f) => f.file_upload_id)).toEqual(down.body.files.map((f) => f.file_upload_id));
    expect(await waitForEvents(h.redis, EssayContentProvisionedTopic, ofBatch(batchId), 2)).toHaveLength(2);
    const again = await upload(h.fileService.url, { batchId, files }, headers);
    expect(again.body).toEqual(retry.body);
    await Bun.sleep(400);
    expect(await eventsOn(h.redis, EssayContentProvisionedTopic, ofBatch(batchId))).toHaveLength(2);
    expect((await listUploads(h.fileService.url, batchId)).map((u) => u.status)).toEqual(["accepted", "accepted"]);
  });

  test("a content service that never answers times out into EXTERNAL_SERVICE_ERROR", async () => {
    const silent = await startSilentServer();
    const dir = h.dataDir;
    const service = await startFileService(
      loadFileServiceConfig({
        ...h.commonEnv, CONTENT_SERVICE_URL: `http://127.0.0.1:${silent.port}`, FILE_SERVICE_HTTP_PORT: "0",
        FILE_SERVICE_DB_PATH: join(dir, "silent-content.sqlite"), FILE_SERVICE_CONTENT_TIMEOUT_MS: "300",
      }),
      createMemoryLogger("file-service"),
    );
    try {
      const batchId = newBatchId();
      const started = performance.now();
      const res = await upload(service.url, { batchId, files: [{ name: "a.txt", bytes: ESSAY }] });
      expect(performance.now() - started).toBeLessThan(3000);
      expect(res.status).toBe(502);
      expect(res.body.files[0]).toMatchObject({ status: "rejected", error_code: "EXTERNAL_SERVICE_ERROR" });
      expect(res.body.files[0]?.message).toContain("300 ms");
    } finally {
      await service.stop();
      await silent.stop();
    }
  });
});

describe("reading budget", () => {
  test("a file that takes longer than the extraction timeout is rejected with EXTRACTION_TIMEOUT and reported", async () => {
    const service = await startFileService(
      loadFileServiceConfig({
        ...h.commonEnv, CONTENT_SERVICE_URL: h.contentUrl, FILE_SERVICE_HTTP_PORT: "0",
        FILE_SERVICE_DB_PATH: join(h.dataDir, "slow-read.sqlite"), FILE_SERVICE_EXTRACTION_TIMEOUT_MS: "10",
      }),
      createMemoryLogger("file-service"),
    );
    try {
      const batchId = newBatchId();
      const pages = Array.from({ length: 150 }, (_, i) => `Page ${i + 1}: ${ESSAY}`);
      const res = await upload(service.url, { batchId, files: [{ name: "long.pdf", bytes: await makePdf(pages, { linesPerPage: 1 }) }] });
      expect(res.status).toBe(200);
      expect(res.body.files[0]).toMatchObject({ status: "rejected", error_code: "EXTRACTION_TIMEOUT" });
      const [failure] = await waitForEvents(h.redis, EssayValidationFailedTopic, ofBatch(batchId));
      expect(failure?.data).toMatchObject({ error_code: "EXTRACTION_TIMEOUT", raw_file_storage_id: expect.any(String) });
    } finally {
      await service.stop();
    }
  });
});

describe("the outbox", () => {
  test("events committed while Redis is unreachable are published after a restart", async () => {
    const dbPath = join(h.dataDir, "outbox-restart.sqlite");
    const env = { ...h.commonEnv, CONTENT_SERVICE_URL: h.contentUrl, FILE_SERVICE_HTTP_PORT: "0", FILE_SERVICE_DB_PATH: dbPath };
    const offline = await startFileService(
      loadFileServiceConfig({ ...env, REDIS_URL: `redis://127.0.0.1:${await freePort()}` }),
      createMemoryLogger("file-service"),
    );
    const batchId = newBatchId();
    let res;
    try {
      res = await upload(offline.url, { batchId, files: [{ name: "a.txt", bytes: ESSAY }] });
    } finally {
      await offline.stop();
    }
    expect(res.status).toBe(200);
    expect(res.body.files[0]?.status).toBe("accepted");
    expect(await eventsOn(h.redis, EssayContentProvisionedTopic, ofBatch(batchId))).toEqual([]);

    const online = await startFileService(loadFileServiceConfig(env), createMemoryLogger("file-service"));
    try {
      const events = await waitForEvents(h.redis, EssayContentProvisionedTopic, ofBatch(batchId));
      expect(events.map((e) => e.data.file_upload_id)).toEqual([res.body.files[0]?.file_upload_id ?? ""]);
    } finally {
      await online.stop();
    }
  });
});
