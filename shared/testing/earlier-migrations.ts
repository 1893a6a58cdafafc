import { cpSync, mkdirSync, readFileSync, writeFileSync } from "node:fs";
import { join } from "node:path";

/**
 * A copy of a drizzle migrations folder as it was with only its first `count` migrations, for
 * upgrade tests: open a database with it, write rows the old way, then open it with the real folder.
 * @example openDatabase(path, earlierMigrations(MIGRATIONS, 1, dir.path))
 */
export function earlierMigrations(migrationsFolder: string, count: number, into: string): string {
  const folder = join(into, `migrations-first-${count}`);
  mkdirSync(join(folder, "meta"), { recursive: true });
  const journal = JSON.parse(readFileSync(join(migrationsFolder, "meta/_journal.json"), "utf8")) as { entries: { tag: string }[] };
  const kept = journal.entries.slice(0, count);
  for (const entry of kept) cpSync(join(migrationsFolder, `${entry.tag}.sql`), join(folder, `${entry.tag}.sql`));
  writeFileSync(join(folder, "meta/_journal.json"), JSON.stringify({ ...journal, entries: kept }));
  return folder;
}
