import { Database } from "bun:sqlite";
import { mkdirSync } from "node:fs";
import { dirname } from "node:path";
import { drizzle, type BunSQLiteDatabase } from "drizzle-orm/bun-sqlite";
import { migrate } from "drizzle-orm/bun-sqlite/migrator";

export type Db = BunSQLiteDatabase<Record<string, never>>;
export type Tx = Parameters<Parameters<Db["transaction"]>[0]>[0];
export type DbOrTx = Db | Tx;

export interface OpenedDatabase {
  db: Db;
  sqlite: Database;
  close(): void;
}

/**
 * Open a SQLite file (or ":memory:"), set safe pragmas and apply the committed migrations.
 * @example const { db } = openDatabase(".data/content/content.sqlite", migrationsFolder)
 */
export function openDatabase(path: string, migrationsFolder: string): OpenedDatabase {
  if (path !== ":memory:") mkdirSync(dirname(path), { recursive: true });
  const sqlite = new Database(path, { create: true });
  sqlite.exec("PRAGMA journal_mode = WAL;");
  sqlite.exec("PRAGMA busy_timeout = 5000;");
  sqlite.exec("PRAGMA synchronous = NORMAL;");
  sqlite.exec("PRAGMA foreign_keys = ON;");
  const db = drizzle(sqlite) as Db;
  migrateWithRetry(db, migrationsFolder);
  return { db, sqlite, close: () => sqlite.close() };
}

/**
 * Two processes opening a fresh file (ELS api + worker) race on the first migration; the loser
 * fails with "already exists" or SQLITE_BUSY and succeeds on a retry that sees the applied migrations.
 */
function migrateWithRetry(db: Db, migrationsFolder: string): void {
  for (let attempt = 1; ; attempt++) {
    try {
      migrate(db, { migrationsFolder });
      return;
    } catch (err) {
      if (attempt >= 10) throw err;
      Bun.sleepSync(50 * attempt);
    }
  }
}

/** `SELECT 1`, for readiness probes. */
export function databaseReachable(sqlite: Database): boolean {
  try {
    sqlite.query("SELECT 1").get();
    return true;
  } catch {
    return false;
  }
}
