import { eq } from "drizzle-orm";
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
  };
}
export type ContentRepository = ReturnType<typeof createContentRepository>;
