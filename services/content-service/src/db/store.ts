import { openServiceDatabase } from "@shared/db/open.ts";
import type { DatabaseTarget } from "@shared/db/dialect.ts";
import { enableSecureDelete, truncateWal } from "@shared/lifecycle/sqlite-erasure.ts";
import { createContentRepository, createPgContentRepository, type ContentRepository } from "./repository.ts";

const MIGRATIONS = { sqlite: `${import.meta.dir}/migrations`, postgres: `${import.meta.dir}/migrations-pg` };

export interface ContentStore {
  repository: ContentRepository;
  reachable(): boolean | Promise<boolean>;
  /** After an erasure: leave no old copy of the erased bytes where the dialect lets us. */
  afterErasure(): void;
  close(): Promise<void>;
}

/** Open the content database of either dialect with its repository. */
export async function openContentStore(target: DatabaseTarget): Promise<ContentStore> {
  const database = await openServiceDatabase(target, MIGRATIONS);
  if (database.dialect === "sqlite") {
    enableSecureDelete(database.sqlite);
    return {
      repository: createContentRepository(database.db),
      reachable: database.reachable,
      afterErasure: () => void truncateWal(database.sqlite),
      close: database.shutdown,
    };
  }
  return {
    repository: createPgContentRepository(database.db),
    reachable: database.reachable,
    // PostgreSQL has no secure_delete: a deleted row's bytes stay in its heap page (and the WAL) until
    // VACUUM reuses the space and the page is overwritten. Left to the operator's autovacuum/retention.
    afterErasure: () => undefined,
    close: database.shutdown,
  };
}
