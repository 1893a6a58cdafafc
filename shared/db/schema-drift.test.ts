import { describe, expect, test } from "bun:test";
import { join } from "node:path";
import { index, integer, pgTable, text } from "drizzle-orm/pg-core";
import { testSchemaDrift } from "../testing/schema-drift.ts";
import { openDatabase } from "./database.ts";
import { introspectSqlite } from "./schema-introspect.ts";
import { schemaDifferences, shapesOfModule, storedOnSqlite } from "./schema-shape.ts";
import { pgEnumCheck } from "./schema.ts";
import * as shared from "./schema.ts";
import * as fixture from "./test-fixtures/drift-schema.ts";

const fixtures = join(import.meta.dir, "test-fixtures");

describe("shared outbox and processed_events: SQLite and PostgreSQL do not drift", () => {
  testSchemaDrift(shared, { sqlite: join(fixtures, "migrations"), postgres: join(fixtures, "migrations-pg") });
});

describe("drift fixture (CHECK, default, foreign key, composite key, unique, index) agrees on both dialects", () => {
  testSchemaDrift(fixture, { sqlite: join(fixtures, "drift-migrations"), postgres: join(fixtures, "drift-migrations-pg") });
});

/** The fixture's SQLite tables against PostgreSQL twins with `pg` swapped in: the drift found. */
function driftWith(pg: Record<string, unknown>): string[] {
  const { sqlite } = shapesOfModule({ parents: fixture.parents, children: fixture.children });
  const { postgres } = shapesOfModule({ parentsPg: fixture.parentsPg, childrenPg: fixture.childrenPg, ...pg });
  return schemaDifferences("sqlite", sqlite, "postgres", storedOnSqlite(postgres));
}

describe("the drift test fails when the dialects disagree", () => {
  test("an enum CHECK missing a value", () => {
    const parentsPg = pgTable("parents", { id: text("id").primaryKey(), status: text("status").notNull(), score: integer("score").notNull().default(0) },
      (t) => [pgEnumCheck("parents_status_check", t.status, ["draft", "published"])]);
    expect(driftWith({ parentsPg })).toEqual([expect.stringContaining("parents checks:")]);
  });

  test("a column nullable on one side, or with no SQL default", () => {
    const parentsPg = pgTable("parents", { id: text("id").primaryKey(), status: text("status"), score: integer("score").notNull() },
      (t) => [pgEnumCheck("parents_status_check", t.status, fixture.STATUSES)]);
    const drift = driftWith({ parentsPg });
    expect(drift).toHaveLength(2);
    expect(drift.join("\n")).toContain("parents.status:");
    expect(drift.join("\n")).toContain("parents.score:");
  });

  test("a different type family", () => {
    const parentsPg = pgTable("parents", { id: text("id").primaryKey(), status: text("status").notNull(), score: text("score").notNull().default("0") },
      (t) => [pgEnumCheck("parents_status_check", t.status, fixture.STATUSES)]);
    expect(driftWith({ parentsPg })).toEqual([expect.stringContaining("parents.score:")]);
  });

  test("a missing index, unique constraint, foreign key and composite key", () => {
    const childrenPg = pgTable("children", { parentId: text("parent_id").notNull().primaryKey(), position: integer("position").notNull(), tag: text("tag") },
      (t) => [index("children_position_idx").on(t.position)]);
    const drift = driftWith({ childrenPg }).join("\n");
    for (const key of ["primaryKey", "uniques", "indexes", "foreignKeys"]) expect(drift).toContain(`children ${key}:`);
  });

  test("a table on one dialect only, and a column on one dialect only", () => {
    const extraPg = pgTable("extra", { id: text("id").primaryKey() });
    expect(driftWith({ extraPg })).toEqual(["table extra: only in postgres"]);
    const parentsPg = pgTable("parents", { id: text("id").primaryKey(), status: text("status").notNull(), score: integer("score").notNull().default(0), note: text("note") },
      (t) => [pgEnumCheck("parents_status_check", t.status, fixture.STATUSES)]);
    expect(driftWith({ parentsPg })).toEqual(["parents.note: column only in postgres"]);
  });

  test("migrations that lag the definitions", () => {
    // The content service's migrations hold `contents` only; the fixture's definitions want two other tables.
    const opened = openDatabase(":memory:", join(import.meta.dir, "../../services/content-service/src/db/migrations"));
    try {
      const drift = schemaDifferences("definitions", storedOnSqlite(shapesOfModule(fixture).sqlite), "migrated", introspectSqlite(opened.sqlite));
      expect(drift).toEqual(["table children: only in definitions", "table parents: only in definitions", "table contents: only in migrated"]);
    } finally {
      opened.close();
    }
  });
});
