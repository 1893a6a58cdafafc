import { expect, test } from "bun:test";
import { SQL } from "bun";
import { openDatabase } from "../db/database.ts";
import type { MigrationFolders } from "../db/open.ts";
import { openPostgres } from "../db/postgres.ts";
import { introspectPostgres, introspectSqlite } from "../db/schema-introspect.ts";
import { schemaDifferences, shapesOfModule, storedOnSqlite } from "../db/schema-shape.ts";
import { postgresAvailable, startPostgres } from "./postgres.ts";

/**
 * The drift test of one schema module (the file that defines each table for both dialects):
 * 1. every table is defined for both dialects and the definitions agree (columns, types, NOT NULL,
 *    SQL defaults, primary keys, uniqueness, indexes, CHECKs and their values, foreign keys);
 * 2. the committed SQLite migrations build exactly the SQLite definitions;
 * 3. the committed PostgreSQL migrations build exactly the PostgreSQL definitions (on a real server;
 *    skipped without the binaries unless HULEEDU_REQUIRE_POSTGRES=1).
 * @example testSchemaDrift(await import("../src/db/schema.ts"), { sqlite: ".../migrations", postgres: ".../migrations-pg" })
 */
export function testSchemaDrift(schema: Record<string, unknown>, migrations: MigrationFolders): void {
  const shapes = shapesOfModule(schema);

  test("every table is defined for both dialects and the two definitions agree", () => {
    expect(shapes.sqlite.length).toBeGreaterThan(0);
    expect(schemaDifferences("sqlite", shapes.sqlite, "postgres", storedOnSqlite(shapes.postgres))).toEqual([]);
  });

  test("the committed SQLite migrations build the SQLite definitions", () => {
    const opened = openDatabase(":memory:", migrations.sqlite);
    try {
      const built = introspectSqlite(opened.sqlite);
      expect(schemaDifferences("definitions", storedOnSqlite(shapes.sqlite), "migrated", built)).toEqual([]);
    } finally {
      opened.close();
    }
  });

  const skip = !postgresAvailable() && process.env.HULEEDU_REQUIRE_POSTGRES !== "1";
  test.skipIf(skip)("the committed PostgreSQL migrations build the PostgreSQL definitions", async () => {
    const server = await startPostgres();
    try {
      const url = await server.createDatabase();
      const opened = await openPostgres(url, migrations.postgres);
      await opened.close();
      const client = new SQL({ url, max: 1 });
      try {
        expect(schemaDifferences("definitions", shapes.postgres, "migrated", await introspectPostgres(client))).toEqual([]);
      } finally {
        await client.close();
      }
    } finally {
      await server.stop();
    }
  }, 60_000);
}
