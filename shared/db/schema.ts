import { sql, type SQL } from "drizzle-orm";
import {
  check as pgCheck, index as pgIndex, pgTable, primaryKey as pgPrimaryKey, serial, text as pgText, type PgColumn,
} from "drizzle-orm/pg-core";
import { check, index, integer, primaryKey, sqliteTable, text, type SQLiteColumn } from "drizzle-orm/sqlite-core";

// Each table is defined here for both dialects, side by side; the drift test
// (shared/db/schema-drift.test.ts) fails when the two disagree or a dialect's migrations lag behind.

/** Events waiting to be published, written in the same transaction as the state change. */
export const outbox = sqliteTable(
  "outbox",
  {
    id: integer("id").primaryKey({ autoIncrement: true }),
    topic: text("topic").notNull(),
    eventId: text("event_id").notNull().unique(),
    envelope: text("envelope").notNull(),
    // Set when at most one such event may ever exist (e.g. "batch completed"): a second insert is refused.
    dedupeKey: text("dedupe_key").unique(),
    createdAt: text("created_at").notNull(),
    publishedAt: text("published_at"),
  },
  (t) => [index("outbox_unpublished_idx").on(t.publishedAt, t.id)],
);

/** `outbox` on PostgreSQL; relays claim rows with `FOR UPDATE SKIP LOCKED` (see pg-outbox.ts). */
export const outboxPg = pgTable(
  "outbox",
  {
    id: serial("id").primaryKey(),
    topic: pgText("topic").notNull(),
    eventId: pgText("event_id").notNull().unique(),
    envelope: pgText("envelope").notNull(),
    dedupeKey: pgText("dedupe_key").unique(),
    createdAt: pgText("created_at").notNull(),
    publishedAt: pgText("published_at"),
  },
  (t) => [pgIndex("outbox_unpublished_idx").on(t.publishedAt, t.id)],
);

/** Which events each consumer has already applied; committed with the handler's effects. */
export const processedEvents = sqliteTable(
  "processed_events",
  {
    consumer: text("consumer").notNull(),
    eventId: text("event_id").notNull(),
    processedAt: text("processed_at").notNull(),
  },
  (t) => [primaryKey({ columns: [t.consumer, t.eventId] })],
);

/** `processed_events` on PostgreSQL. */
export const processedEventsPg = pgTable(
  "processed_events",
  {
    consumer: pgText("consumer").notNull(),
    eventId: pgText("event_id").notNull(),
    processedAt: pgText("processed_at").notNull(),
  },
  (t) => [pgPrimaryKey({ columns: [t.consumer, t.eventId] })],
);

const enumList = (values: readonly string[]): SQL => sql.join(values.map((v) => sql.raw(`'${v.replaceAll("'", "''")}'`)), sql.raw(", "));

/** A CHECK constraint that keeps a column inside an enum's values (generated from the same enum). */
export function enumCheck(name: string, column: SQLiteColumn, values: readonly string[]): ReturnType<typeof check> {
  return check(name, sql`${column} IN (${enumList(values)})`);
}

/** `enumCheck` on PostgreSQL: the same name and values, so the drift test can compare them. */
export function pgEnumCheck(name: string, column: PgColumn, values: readonly string[]): ReturnType<typeof pgCheck> {
  return pgCheck(name, sql`${column} IN (${enumList(values)})`);
}
