// Relative imports only: drizzle-kit loads this file.
// A schema using every feature the drift test compares (enum CHECK, SQL default, foreign key,
// composite primary key, unique constraint, index), defined for both dialects; its migrations are in
// drift-migrations/ and drift-migrations-pg/. schema-drift.test.ts also builds broken twins of it.

import { foreignKey, index as pgIndex, integer as pgInteger, pgTable, primaryKey as pgPrimaryKey, text as pgText, unique as pgUnique } from "drizzle-orm/pg-core";
import { foreignKey as sqliteForeignKey, index, integer, primaryKey, sqliteTable, text, unique } from "drizzle-orm/sqlite-core";
import { enumCheck, pgEnumCheck } from "../schema.ts";

export const STATUSES = ["draft", "published", "archived"] as const;

export const parents = sqliteTable("parents", {
  id: text("id").primaryKey(),
  status: text("status").notNull(),
  score: integer("score").notNull().default(0),
}, (t) => [enumCheck("parents_status_check", t.status, STATUSES)]);

export const children = sqliteTable("children", {
  parentId: text("parent_id").notNull(),
  position: integer("position").notNull(),
  tag: text("tag"),
}, (t) => [
  primaryKey({ columns: [t.parentId, t.position] }),
  sqliteForeignKey({ columns: [t.parentId], foreignColumns: [parents.id] }).onDelete("cascade"),
  unique("children_tag_parent_unique").on(t.tag, t.parentId),
  index("children_tag_idx").on(t.tag),
]);

export const parentsPg = pgTable("parents", {
  id: pgText("id").primaryKey(),
  status: pgText("status").notNull(),
  score: pgInteger("score").notNull().default(0),
}, (t) => [pgEnumCheck("parents_status_check", t.status, STATUSES)]);

export const childrenPg = pgTable("children", {
  parentId: pgText("parent_id").notNull(),
  position: pgInteger("position").notNull(),
  tag: pgText("tag"),
}, (t) => [
  pgPrimaryKey({ columns: [t.parentId, t.position] }),
  foreignKey({ columns: [t.parentId], foreignColumns: [parentsPg.id] }).onDelete("cascade"),
  pgUnique("children_tag_parent_unique").on(t.tag, t.parentId),
  pgIndex("children_tag_idx").on(t.tag),
]);

