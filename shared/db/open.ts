import { databaseReachable, openDatabase, type OpenedDatabase } from "./database.ts";
import type { DatabaseTarget } from "./dialect.ts";
import { openPostgres, postgresReachable, type OpenedPostgres } from "./postgres.ts";

/** A service's committed migrations, one folder per dialect. */
export interface MigrationFolders {
  sqlite: string;
  postgres: string;
}

/** An open database of either dialect; narrow on `dialect` to reach the drizzle handle. */
export type ServiceDatabase =
  | ({ dialect: "sqlite"; reachable(): boolean; shutdown(): Promise<void> } & OpenedDatabase)
  | ({ dialect: "postgres"; reachable(): Promise<boolean>; shutdown(): Promise<void> } & OpenedPostgres);

/**
 * Open the database `target` names (see `databaseTarget`) and apply that dialect's migrations.
 * @example const database = await openServiceDatabase(config.database, { sqlite: `${dir}/migrations`, postgres: `${dir}/migrations-pg` })
 */
export async function openServiceDatabase(target: DatabaseTarget, migrations: MigrationFolders): Promise<ServiceDatabase> {
  if (target.dialect === "sqlite") {
    const opened = openDatabase(target.path, migrations.sqlite);
    return { dialect: "sqlite", ...opened, reachable: () => databaseReachable(opened.sqlite), shutdown: async () => opened.close() };
  }
  const opened = await openPostgres(target.url, migrations.postgres);
  return { dialect: "postgres", ...opened, reachable: () => postgresReachable(opened.client), shutdown: () => opened.close() };
}
