import { eq, inArray } from "drizzle-orm";
import type { Db } from "@shared/db/database.ts";
import { contents } from "./schema.ts";

export interface StoredContent {
  storageId: string;
  sha256: string;
  sizeBytes: number;
  mediaType: string;
}

/** Content persistence; the only module that speaks SQL for this service. */
export function createContentRepository(db: Db) {
  return {
    insert(row: StoredContent & { body: Uint8Array }): void {
      db.insert(contents)
        .values({ ...row, body: Buffer.from(row.body), createdAt: new Date().toISOString() })
        .run();
    },
    find(storageId: string): (StoredContent & { body: Uint8Array }) | undefined {
      const row = db.select().from(contents).where(eq(contents.storageId, storageId)).get();
      if (!row) return undefined;
      return { storageId: row.storageId, sha256: row.sha256, sizeBytes: row.sizeBytes, mediaType: row.mediaType, body: new Uint8Array(row.body) };
    },
    /** Erase blobs for good (batch erasure); ids not stored are skipped. The number erased. */
    erase(storageIds: readonly string[]): number {
      if (storageIds.length === 0) return 0;
      return db.delete(contents).where(inArray(contents.storageId, [...storageIds])).returning({ id: contents.storageId }).all().length;
    },
  };
}
export type ContentRepository = ReturnType<typeof createContentRepository>;
