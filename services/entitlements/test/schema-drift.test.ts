import { describe } from "bun:test";
import { join } from "node:path";
import { testSchemaDrift } from "@shared/testing/schema-drift.ts";
import * as schema from "../src/db/schema.ts";

const db = join(import.meta.dir, "../src/db");

describe("entitlements schema: SQLite and PostgreSQL do not drift", () => {
  testSchemaDrift(schema, { sqlite: join(db, "migrations"), postgres: join(db, "migrations-pg") });
});
