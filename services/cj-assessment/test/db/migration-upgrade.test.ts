// A database written before migration 0001 (soft outcomes, batch statistics, `precision_reached`)
// upgrades with its batches, items and pairs intact and accepts the new values.
import { afterAll, expect, test } from "bun:test";
import { join } from "node:path";
import { openDatabase } from "@shared/db/database.ts";
import { earlierMigrations } from "@shared/testing/earlier-migrations.ts";
import { tempDir } from "@shared/testing/temp-dir.ts";

const MIGRATIONS = join(import.meta.dir, "../../src/db/migrations");
const dir = tempDir("cj-upgrade-");
afterAll(() => dir.remove());

const firstMigrationOnly = () => earlierMigrations(MIGRATIONS, 1, dir.path);

test("an existing database upgrades with its rows; the new columns and finish reason are usable", () => {
  const path = join(dir.path, "cj.sqlite");
  const old = openDatabase(path, firstMigrationOnly());
  old.sqlite.exec(`INSERT INTO cj_batches (batch_id, state, user_id, language, course_code, essay_instructions, item_count, budget, seed,
    failed_essays, correlation_id, created_at, last_activity_at, finish_reason, comparisons_made)
    VALUES ('b1', 'COMPLETED', 'u', 'en', 'ENG5', 'x', 2, 1, 1, '[]', 'c', 't', 't', 'scores_stable', 1)`);
  old.sqlite.exec(`INSERT INTO cj_items (batch_id, item_index, kind, ref_id, text) VALUES ('b1', 0, 'essay', 'e0', 'a'), ('b1', 1, 'essay', 'e1', 'b')`);
  old.sqlite.exec(`INSERT INTO cj_pairs (pair_id, batch_id, round, item_a, item_b, item_lo, item_hi, status, winner, current_request_id, created_at)
    VALUES ('p1', 'b1', 1, 0, 1, 0, 1, 'ANSWERED', 0, 'r1', 't')`);
  old.close();

  const upgraded = openDatabase(path, MIGRATIONS);
  try {
    const batch = upgraded.sqlite.query("SELECT finish_reason, comparisons_made, statistics, expected_rank_agreement FROM cj_batches WHERE batch_id = 'b1'").get();
    expect(batch).toEqual({ finish_reason: "scores_stable", comparisons_made: 1, statistics: null, expected_rank_agreement: null });
    expect(upgraded.sqlite.query("SELECT winner, confidence FROM cj_pairs WHERE pair_id = 'p1'").get()).toEqual({ winner: 0, confidence: null });
    expect(upgraded.sqlite.query("SELECT count(*) AS n FROM cj_items WHERE batch_id = 'b1'").get()).toEqual({ n: 2 });
    // 0004 counts each batch's answered pairs into the counter the per-result budget check reads.
    expect(upgraded.sqlite.query("SELECT answered_pairs FROM cj_batches WHERE batch_id = 'b1'").get()).toEqual({ answered_pairs: 1 });
    upgraded.sqlite.exec("UPDATE cj_batches SET finish_reason = 'precision_reached', statistics = '{}' WHERE batch_id = 'b1'");
    upgraded.sqlite.exec("UPDATE cj_pairs SET confidence = 0.8 WHERE pair_id = 'p1'");
    expect(() => upgraded.sqlite.exec("UPDATE cj_batches SET finish_reason = 'BOGUS' WHERE batch_id = 'b1'")).toThrow(/CHECK constraint failed/);
    expect(upgraded.sqlite.query("PRAGMA foreign_key_check").all()).toEqual([]);
    // The rebuild's temporary names are gone from every table, reference and CHECK.
    expect(upgraded.sqlite.query("SELECT name FROM sqlite_master WHERE sql LIKE '%__new_%'").all()).toEqual([]);
    expect(() => upgraded.sqlite.exec("INSERT INTO cj_pairs (pair_id, batch_id, round, item_a, item_b, item_lo, item_hi, status, current_request_id, created_at) VALUES ('p2', 'nope', 1, 0, 1, 0, 1, 'PENDING', 'r', 't')"))
      .toThrow(/FOREIGN KEY constraint failed/);
  } finally {
    upgraded.close();
  }
});
