import { eq, inArray } from "drizzle-orm";
import type { Db } from "@shared/db/database.ts";
import type { PgDb } from "@shared/db/postgres.ts";
import { contents, contentsPg } from "./schema.ts";

export interface StoredContent {
  storageId: string;
  sha256: string;
  sizeBytes: number;
  mediaType: string;
}

/**
 * Content persistence; the only module that speaks SQL for this service. Async for both dialects:
 * PostgreSQL answers over the network, and SQLite's synchronous calls are wrapped so the routes
 * are written once.
 */
export interface ContentRepository {
  insert(row: StoredContent & { body: Uint8Array }): Promise<void>;
  find(storageId: string): Promise<(StoredContent & { body: Uint8Array }) | undefined>;
  /** Erase blobs for good (batch erasure); ids not stored are skipped. The number erased. */
  erase(storageIds: readonly string[]): Promise<number>;
}

type Row = typeof contents.$inferSelect;

function toStored(row: Row): StoredContent & { body: Uint8Array } {
  return { storageId: row.storageId, sha256: row.sha256, sizeBytes: row.sizeBytes, mediaType: row.mediaType, body: new Uint8Array(row.body) };
}

/** The repository on SQLite (the embedded default). */
export function createContentRepository(db: Db): ContentRepository {
  return {
    async insert(row) {
      db.insert(contents).values({ ...row, body: Buffer.from(row.body), createdAt: new Date().toISOString() }).run();
    },
    async find(storageId) {
      const row = db.select().from(contents).where(eq(contents.storageId, storageId)).get();
      return row ? toStored(row) : undefined;
    },
    async erase(storageIds) {
      if (storageIds.length === 0) return 0;
      return db.delete(contents).where(inArray(contents.storageId, [...storageIds])).returning({ id: contents.storageId }).all().length;
    },
  };
}

/** The repository on PostgreSQL (`DATABASE_URL`). */
export function createPgContentRepository(db: PgDb): ContentRepository {
  return {
    async insert(row) {
      await db.insert(contentsPg).values({ ...row, body: Buffer.from(row.body), createdAt: new Date().toISOString() });
    },
    async find(storageId) {
      const [row] = await db.select().from(contentsPg).where(eq(contentsPg.storageId, storageId)).limit(1);
      return row ? toStored(row) : undefined;
    },
    async erase(storageIds) {
      if (storageIds.length === 0) return 0;
      return (await db.delete(contentsPg).where(inArray(contentsPg.storageId, [...storageIds])).returning({ id: contentsPg.storageId })).length;
    },
  };
}
