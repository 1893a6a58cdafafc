import { and, asc, eq, sql } from "drizzle-orm";
import type { Db, DbOrTx } from "@shared/db/database.ts";
import { fileUploads, uploadRequests } from "./schema.ts";
import { UploadRequestState } from "./upload-states.ts";

export type FileUploadRecord = typeof fileUploads.$inferSelect;
export type FileUploadWrite = Omit<typeof fileUploads.$inferInsert, "createdAt" | "updatedAt">;

/** What a claim on an Idempotency-Key found. */
export type RequestClaim =
  | { kind: "claimed"; previous: FileUploadRecord[] }
  | { kind: "fingerprint_mismatch" }
  | { kind: "in_progress" };

const now = () => new Date().toISOString();

/** Insert the upload or, for a retried file of an idempotent request, replace its outcome. */
export function saveFileUpload(db: DbOrTx, row: FileUploadWrite): void {
  const at = now();
  const { fileUploadId: _id, ...changes } = row;
  db.insert(fileUploads)
    .values({ ...row, createdAt: at, updatedAt: at })
    .onConflictDoUpdate({ target: fileUploads.fileUploadId, set: { ...changes, updatedAt: at } })
    .run();
}

export function listBatchUploads(db: DbOrTx, batchId: string): FileUploadRecord[] {
  return db.select().from(fileUploads).where(eq(fileUploads.batchId, batchId))
    .orderBy(asc(fileUploads.createdAt), asc(sql`rowid`)).all();
}

/**
 * Take an Idempotency-Key for this request, atomically. A key already used for another file set is
 * refused; one whose request still runs (claimed less than `claimTtlMs` ago) too. Otherwise the
 * earlier outcomes come back so finished files are answered again, not processed again.
 */
export function claimUploadRequest(
  db: Db,
  input: { batchId: string; idempotencyKey: string; requestSha256: string; userId: string; claimTtlMs: number },
): RequestClaim {
  return db.transaction((tx) => {
    const key = and(eq(uploadRequests.batchId, input.batchId), eq(uploadRequests.idempotencyKey, input.idempotencyKey));
    const existing = tx.select().from(uploadRequests).where(key).get();
    const at = now();
    if (!existing) {
      tx.insert(uploadRequests).values({
        batchId: input.batchId, idempotencyKey: input.idempotencyKey, requestSha256: input.requestSha256,
        userId: input.userId, state: UploadRequestState.IN_PROGRESS, claimedAt: at,
      }).run();
      return { kind: "claimed", previous: [] };
    }
    if (existing.requestSha256 !== input.requestSha256) return { kind: "fingerprint_mismatch" };
    const stillRunning = existing.state === UploadRequestState.IN_PROGRESS
      && Date.parse(existing.claimedAt) > Date.now() - input.claimTtlMs;
    if (stillRunning) return { kind: "in_progress" };
    tx.update(uploadRequests).set({ state: UploadRequestState.IN_PROGRESS, claimedAt: at, finishedAt: null }).where(key).run();
    const previous = tx.select().from(fileUploads)
      .where(and(eq(fileUploads.batchId, input.batchId), eq(fileUploads.idempotencyKey, input.idempotencyKey)))
      .orderBy(asc(fileUploads.position)).all();
    return { kind: "claimed", previous };
  }, { behavior: "immediate" });
}

/** Let the next request with this key replay (or retry) what this one did. */
export function finishUploadRequest(db: DbOrTx, batchId: string, idempotencyKey: string): void {
  db.update(uploadRequests).set({ state: UploadRequestState.DONE, finishedAt: now() })
    .where(and(eq(uploadRequests.batchId, batchId), eq(uploadRequests.idempotencyKey, idempotencyKey))).run();
}
