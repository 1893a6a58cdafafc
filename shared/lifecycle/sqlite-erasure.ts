import type { Database } from "bun:sqlite";
import { sql } from "drizzle-orm";
import type { Tx } from "../db/database.ts";

/**
 * Deleted rows must not survive in free pages: with secure_delete SQLite zeroes freed cells and
 * pages. Call once per connection, at start, so updates before an erasure leave no copies either.
 */
export function enableSecureDelete(sqlite: Database): void {
  sqlite.exec("PRAGMA secure_delete = ON;");
}

/**
 * Old page images stay in the WAL until a checkpoint overwrites the database and the log is
 * truncated. Best effort: a reader in another process can make it busy; the next erasure (or
 * SQLite's own checkpoint) finishes the job.
 */
export function truncateWal(sqlite: Database): boolean {
  const row = sqlite.query("PRAGMA wal_checkpoint(TRUNCATE);").get() as { busy: number } | null;
  return row?.busy === 0;
}

/**
 * Published outbox rows keep each event's JSON (names, corrections, previews). Drop those that
 * mention the batch or one of its essays. Unpublished rows stay: the relay still owes them.
 */
export function purgePublishedOutbox(tx: Tx, ids: readonly string[]): number {
  let purged = 0;
  const needles = [...new Set(ids)].filter((id) => id.length >= 8);
  for (let i = 0; i < needles.length; i += 50) {
    const chunk = needles.slice(i, i + 50);
    const match = sql.join(chunk.map((id) => sql`instr(envelope, ${id}) > 0`), sql` OR `);
    const rows = tx.all<{ id: number }>(sql`DELETE FROM outbox WHERE published_at IS NOT NULL AND (${match}) RETURNING id`);
    purged += rows.length;
  }
  return purged;
}
