import { afterEach, beforeEach, describe, expect, test } from "bun:test";
import { join } from "node:path";
import { openDatabase, type OpenedDatabase } from "@shared/db/database.ts";
import { tempDir } from "@shared/testing/temp-dir.ts";
import { claimUploadRequest, finishUploadRequest, listBatchUploads, saveFileUpload, type FileUploadWrite } from "../src/db/upload-repository.ts";
import { FileUploadStatus, UploadRequestState } from "../src/db/upload-states.ts";

const MIGRATIONS = join(import.meta.dir, "../src/db/migrations");
let dir: ReturnType<typeof tempDir>;
let database: OpenedDatabase;

beforeEach(() => {
  dir = tempDir("file-service-db-");
  database = openDatabase(join(dir.path, "files.sqlite"), MIGRATIONS);
});
afterEach(() => {
  database.close();
  dir.remove();
});

function upload(overrides: Partial<FileUploadWrite> = {}): FileUploadWrite {
  return {
    fileUploadId: crypto.randomUUID(), batchId: "b1", userId: "u1", fileName: "a.txt", fileSizeBytes: 10, rawSha256: "0".repeat(64),
    status: FileUploadStatus.ACCEPTED, position: 0, correlationId: "c1", idempotencyKey: null, ...overrides,
  };
}

describe("CHECK constraints follow the enums", () => {
  test("every FileUploadStatus inserts; anything else is refused", () => {
    for (const status of Object.values(FileUploadStatus)) saveFileUpload(database.db, upload({ status }));
    expect(listBatchUploads(database.db, "b1").map((u) => u.status)).toEqual(Object.values(FileUploadStatus));
    expect(() => saveFileUpload(database.db, upload({ status: "lost" as FileUploadStatus }))).toThrow(/CHECK constraint failed/);
  });

  test("every UploadRequestState is accepted; anything else is refused", () => {
    const insert = database.sqlite.prepare(
      "INSERT INTO upload_requests (batch_id, idempotency_key, request_sha256, user_id, state, claimed_at) VALUES (?, ?, 'h', 'u', ?, 't')",
    );
    for (const state of Object.values(UploadRequestState)) insert.run("b1", `k-${state}`, state);
    expect(() => insert.run("b1", "k-bogus", "paused")).toThrow(/CHECK constraint failed/);
  });
});

describe("file uploads", () => {
  test("saving the same upload id again replaces its outcome (a retried file) and keeps when it was created", async () => {
    const first = upload({ status: FileUploadStatus.FAILED, errorCode: "EXTERNAL_SERVICE_ERROR" });
    saveFileUpload(database.db, first);
    const [before] = listBatchUploads(database.db, "b1");
    await Bun.sleep(5);
    saveFileUpload(database.db, { ...first, status: FileUploadStatus.ACCEPTED, errorCode: null, textStorageId: "t1" });
    const rows = listBatchUploads(database.db, "b1");
    expect(rows).toHaveLength(1);
    expect(rows[0]).toMatchObject({ status: "accepted", errorCode: null, textStorageId: "t1", createdAt: before?.createdAt });
    expect(rows[0]?.updatedAt).not.toBe(before?.updatedAt);
  });

  test("one position of a keyed request holds one upload; unkeyed uploads never collide", () => {
    saveFileUpload(database.db, upload({ idempotencyKey: "k", position: 0 }));
    expect(() => saveFileUpload(database.db, upload({ idempotencyKey: "k", position: 0 }))).toThrow(/UNIQUE/);
    saveFileUpload(database.db, upload({ position: 0 }));
    saveFileUpload(database.db, upload({ position: 0 }));
    expect(listBatchUploads(database.db, "b1")).toHaveLength(3);
  });
});

describe("claiming an Idempotency-Key", () => {
  const claim = (overrides: Partial<Parameters<typeof claimUploadRequest>[1]> = {}) =>
    claimUploadRequest(database.db, { batchId: "b1", idempotencyKey: "k", requestSha256: "h1", userId: "u1", claimTtlMs: 60_000, ...overrides });

  test("first claim wins; a second while it runs is in progress; after finishing it gets the earlier outcomes", () => {
    expect(claim()).toEqual({ kind: "claimed", previous: [] });
    expect(claim()).toEqual({ kind: "in_progress" });
    saveFileUpload(database.db, upload({ idempotencyKey: "k", position: 1, fileName: "b.txt" }));
    saveFileUpload(database.db, upload({ idempotencyKey: "k", position: 0, fileName: "a.txt" }));
    finishUploadRequest(database.db, "b1", "k");
    const again = claim();
    expect(again.kind).toBe("claimed");
    expect(again.kind === "claimed" && again.previous.map((u) => u.fileName)).toEqual(["a.txt", "b.txt"]);
  });

  test("another file set under the same key is a mismatch; another batch is another key", () => {
    claim();
    finishUploadRequest(database.db, "b1", "k");
    expect(claim({ requestSha256: "h2" })).toEqual({ kind: "fingerprint_mismatch" });
    expect(claim({ batchId: "b2", requestSha256: "h2" })).toEqual({ kind: "claimed", previous: [] });
  });

  test("a claim left by a crashed request expires after the TTL", async () => {
    claim();
    await Bun.sleep(20);
    expect(claim({ claimTtlMs: 10 })).toEqual({ kind: "claimed", previous: [] });
  });
});
