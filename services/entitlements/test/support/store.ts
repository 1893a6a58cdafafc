import { openDatabase } from "@shared/db/database.ts";
import { openPostgres } from "@shared/db/postgres.ts";
import { createUnitOfWork } from "@shared/db/unit-of-work.ts";
import type { TestDatabases } from "@shared/testing/dialects.ts";
import { loadEntitlementsConfig } from "../../src/config.ts";
import { createPgEntitlementsStore } from "../../src/db/pg-store.ts";
import { createSqliteEntitlementsStore, type EntitlementsStore } from "../../src/db/store.ts";
import type { CreditPolicy } from "../../src/domain/credit-policy.ts";

const MIGRATIONS = { sqlite: `${import.meta.dir}/../../src/db/migrations`, postgres: `${import.meta.dir}/../../src/db/migrations-pg` };

/** A store of the dialect under test on a fresh database, without the service around it. */
export async function openTestStore(databases: TestDatabases, policy: CreditPolicy): Promise<{ store: EntitlementsStore; close(): Promise<void> }> {
  const target = loadEntitlementsConfig(await databases.env("ENTITLEMENTS_")).database;
  if (target.dialect === "sqlite") {
    const opened = openDatabase(target.path, MIGRATIONS.sqlite);
    return { store: createSqliteEntitlementsStore(opened.db, createUnitOfWork(opened.db), policy), close: async () => opened.close() };
  }
  const opened = await openPostgres(target.url, MIGRATIONS.postgres);
  return { store: createPgEntitlementsStore(opened.db, policy), close: opened.close };
}
