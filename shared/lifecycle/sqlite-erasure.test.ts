import { expect, test } from "bun:test";
import { Database } from "bun:sqlite";
import { readFileSync } from "node:fs";
import { join } from "node:path";
import { tempDir } from "../testing/temp-dir.ts";
import { enableSecureDelete, truncateWal } from "./sqlite-erasure.ts";

const PHRASE = "a very particular phrase that must vanish";

function fileHas(path: string): boolean {
  const phrase = Buffer.from(PHRASE);
  return [path, `${path}-wal`].some((p) => {
    try {
      return readFileSync(p).indexOf(phrase) >= 0;
    } catch {
      return false;
    }
  });
}

function writeAndDelete(path: string, secure: boolean): Database {
  const db = new Database(path, { create: true });
  db.exec("PRAGMA journal_mode = WAL;");
  if (secure) enableSecureDelete(db);
  else db.exec("PRAGMA secure_delete = OFF;");
  db.exec("CREATE TABLE t (id INTEGER PRIMARY KEY, body TEXT)");
  for (let i = 0; i < 50; i++) db.query("INSERT INTO t (body) VALUES (?)").run(`${PHRASE} ${i} ${"x".repeat(200)}`);
  db.exec("DELETE FROM t");
  return db;
}

test("with secure_delete and a truncated WAL the deleted text is in no file; without them it stays", () => {
  const dir = tempDir("erasure-sqlite-");
  try {
    const plain = writeAndDelete(join(dir.path, "plain.sqlite"), false);
    expect(fileHas(join(dir.path, "plain.sqlite"))).toBe(true);
    plain.close();

    const secured = join(dir.path, "secured.sqlite");
    const db = writeAndDelete(secured, true);
    expect(fileHas(secured)).toBe(true); // the old page images are still in the WAL
    expect(truncateWal(db)).toBe(true);
    expect(fileHas(secured)).toBe(false);
    db.close();
  } finally {
    dir.remove();
  }
});
