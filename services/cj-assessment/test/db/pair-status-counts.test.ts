// A result decides "still waiting" from ResultStatements.pairStatusCounts (pending pairs counted on
// the index, answered pairs from the batch's counter) and advanceBatch from pendingPairCount and the
// batch row's counter, instead of folding every pair: both must be exactly what summariseProgress
// reports from the full pair rows, in every mix, and an answer given twice counts once.
import { afterAll, describe, expect, test } from "bun:test";
import { join } from "node:path";
import { openDatabase } from "@shared/db/database.ts";
import { tempDir } from "@shared/testing/temp-dir.ts";
import { summariseProgress } from "../../src/domain/batch-progress.ts";
import { createRng } from "../../src/domain/random.ts";
import { findBatch } from "../../src/db/batch-store.ts";
import { abandonPair, insertPair, pairsOf, pendingPairCount } from "../../src/db/comparison-store.ts";
import { resultStatements } from "../../src/db/result-statements.ts";

const dir = tempDir("cj-pair-counts-");
const { db, sqlite, close } = openDatabase(join(dir.path, "cj.sqlite"), join(import.meta.dir, "../../src/db/migrations"));
const q = resultStatements(db);
const pairStatusCounts = (_: unknown, batchId: string) => q.pairStatusCounts(batchId);
afterAll(() => {
  close();
  dir.remove();
});

function newBatch(batchId: string, n: number): void {
  sqlite.query(
    `INSERT INTO cj_batches (batch_id, state, user_id, language, course_code, essay_instructions, item_count, budget, seed, failed_essays, correlation_id, created_at, last_activity_at)
     VALUES (?, 'WAITING_CALLBACKS', 'u', 'en', 'ENG5', 'x', ?, 100, 1, '[]', 'c', 't', 't')`,
  ).run(batchId, n);
}

describe("pair counts for the round-still-out check", () => {
  test("pending and answered equal summariseProgress's pending and comparisons, round by round", () => {
    const rng = createRng(3);
    const n = 12;
    newBatch("b1", n);
    newBatch("other", n); // pairs of another batch are never counted
    insertPair(db, { pairId: "x", batchId: "other", round: 1, itemA: 0, itemB: 1, currentRequestId: "rx", createdAt: "t" });
    expect(pairStatusCounts(db, "b1")).toEqual({ pending: 0, answered: 0 });
    let seq = 0;
    for (let round = 1; round <= 4; round++) {
      const ids: string[] = [];
      for (let a = 0; a + 1 < n; a += 2) {
        const pairId = `p${++seq}`;
        insertPair(db, { pairId, batchId: "b1", round, itemA: a, itemB: (a + round) % n === a ? a + 1 : (a + round) % n, currentRequestId: `r${seq}`, createdAt: "t" });
        ids.push(pairId);
      }
      for (const pairId of ids) {
        const u = rng();
        const pair = pairsOf(db, "b1").find((p) => p.pairId === pairId)!;
        if (u < 0.5) {
          expect(q.answerPair(pair, pair.itemA, "t", 0.8)).toBe(true);
          expect(q.answerPair(pair, pair.itemB, "t", 0.8)).toBe(false); // a second answer changes and counts nothing
        }
        else if (u < 0.7) abandonPair(db, pairId, "t");
        const progress = summariseProgress(n, pairsOf(db, "b1").map((p) => ({ a: p.itemA, b: p.itemB, status: p.status, winner: p.winner, confidence: p.confidence })), 2);
        expect(pairStatusCounts(db, "b1")).toEqual({ pending: progress.pending, answered: progress.comparisons.length });
        expect({ pending: pendingPairCount(db, "b1"), answered: findBatch(db, "b1")!.answeredPairs }).toEqual(pairStatusCounts(db, "b1"));
      }
    }
    expect(pairStatusCounts(db, "b1").answered).toBeGreaterThan(0);
    expect(pairStatusCounts(db, "b1").pending).toBeGreaterThan(0);
  });
});
