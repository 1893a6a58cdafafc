import { SQL } from "bun";
import { drizzle, type BunSQLDatabase } from "drizzle-orm/bun-sql";
import { migrate } from "drizzle-orm/bun-sql/migrator";

export type PgDb = BunSQLDatabase<Record<string, never>>;
export type PgTx = Parameters<Parameters<PgDb["transaction"]>[0]>[0];
export type PgDbOrTx = PgDb | PgTx;

export interface OpenedPostgres {
  db: PgDb;
  client: SQL;
  close(): Promise<void>;
}

export interface OpenPostgresOptions {
  /** Pool size per process (Bun.sql's default is 10). */
  max?: number;
}

/** One advisory-lock key for "someone is migrating this database" (any constant; shared by every service). */
const MIGRATION_LOCK = 72_616_001;

/**
 * Connect to PostgreSQL through Bun's built-in client and apply the committed migrations.
 * Several processes starting at once (api + worker, 2 instances) take an advisory lock on one
 * connection, so one migrates and the others then find the migrations applied.
 * @example const { db } = await openPostgres(process.env.DATABASE_URL!, `${import.meta.dir}/migrations/pg`)
 */
export async function openPostgres(url: string, migrationsFolder: string, options: OpenPostgresOptions = {}): Promise<OpenedPostgres> {
  const migrator = new SQL({ url, max: 1 });
  try {
    await migrator`SELECT pg_advisory_lock(${MIGRATION_LOCK})`;
    // Quiet the NOTICEs drizzle's "CREATE SCHEMA IF NOT EXISTS" raises on every start after the first.
    await migrator`SET client_min_messages = warning`;
    await migrate(drizzle({ client: migrator }), { migrationsFolder });
    await migrator`SELECT pg_advisory_unlock(${MIGRATION_LOCK})`;
  } finally {
    await migrator.close();
  }
  const client = new SQL({ url, max: options.max ?? 10 });
  const db = drizzle({ client }) as PgDb;
  return { db, client, close: () => client.close() };
}

/** `SELECT 1`, for readiness probes. */
export async function postgresReachable(client: SQL): Promise<boolean> {
  try {
    await client`SELECT 1`;
    return true;
  } catch {
    return false;
  }
}
