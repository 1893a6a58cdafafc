import { sql, type SQL } from "drizzle-orm";
import { check, index, integer, primaryKey, sqliteTable, text, type SQLiteColumn } from "drizzle-orm/sqlite-core";

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

/** A CHECK constraint that keeps a column inside an enum's values (generated from the same enum). */
export function enumCheck(name: string, column: SQLiteColumn, values: readonly string[]): ReturnType<typeof check> {
  const list: SQL = sql.join(values.map((v) => sql.raw(`'${v.replaceAll("'", "''")}'`)), sql.raw(", "));
  return check(name, sql`${column} IN (${list})`);
}
