// What one comparison result costs cj-assessment itself, in process, without a bus or a judge:
// a SQLite file with one open batch of 300 essays, whose rounds of 150 pairs (one request each) are
// answered as the service applies a read: `uow.batch` over blocks of 32, each result in its own
// `runOnce` (processed mark, request, pair, batch head, round-still-out counts). One pair per round
// is left out, so no round settles and no refit is timed: this is the per-result floor that bounds
// CJ through the stack (issue 14). The same statements as raw bun:sqlite queries give the floor of
// the storage itself, printed beside it.
// Run: bun bench/cj-result-cost.ts [rounds=40]
import { join } from "node:path";
import type { LlmComparisonResult } from "../shared/contracts/events/llm.ts";
import { openDatabase } from "../shared/db/database.ts";
import { createUnitOfWork } from "../shared/db/unit-of-work.ts";
import { createMemoryLogger } from "../shared/observability/logger.ts";
import { tempDir } from "../shared/testing/temp-dir.ts";
import { BatchState } from "../services/cj-assessment/src/domain/batch-state.ts";
import { ItemKind } from "../services/cj-assessment/src/domain/statuses.ts";
import { insertBatch } from "../services/cj-assessment/src/db/batch-store.ts";
import { insertPair, insertRequest } from "../services/cj-assessment/src/db/comparison-store.ts";
import { resultStatements } from "../services/cj-assessment/src/db/result-statements.ts";
import { recordComparisonResult } from "../services/cj-assessment/src/handlers/record-comparison-result.ts";
import type { WorkflowSettings } from "../services/cj-assessment/src/handlers/workflow.ts";

const rounds = Number(process.argv[2] ?? 40);
const items = 300;
const roundSize = 150;
const pairs = rounds * (roundSize - 1);
const dir = tempDir("huleedu-cj-result-cost-");
const { db, sqlite, close } = openDatabase(join(dir.path, "cj.sqlite"), join(import.meta.dir, "../services/cj-assessment/src/db/migrations"));
const uow = createUnitOfWork(db);
const log = createMemoryLogger("cj-assessment");
const settings: WorkflowSettings = {
  policy: { targetRankAgreement: 0.99, minComparisonsPerItem: 1 }, softOutcomes: true, pairRetryLimit: 2, pairAbandonLimit: 2, requestTtlMs: 0,
};
const at = new Date().toISOString();
const batchId = "bench-batch";

function seedBatch(): void {
  insertBatch(db, {
    batchId, state: BatchState.WAITING_CALLBACKS, userId: "t1", language: "en", courseCode: "ENG5", essayInstructions: "Write.", itemCount: items,
    budget: rounds * roundSize * 2, seed: 1, failedEssays: [], correlationId: "c", createdAt: at, lastActivityAt: at,
  }, Array.from({ length: items }, (_, i) => ({ batchId, itemIndex: i, kind: ItemKind.ESSAY, refId: `e${i}`, grade: null, text: "text" })));
}

/** Round `r`'s pairs and requests, pending; returns the ids of the pairs to answer (all but the last). */
function issueRound(r: number): number[] {
  const ids: number[] = [];
  db.transaction((tx) => {
    for (let k = 0; k < roundSize; k++) {
      const p = r * roundSize + k;
      const a = (2 * k) % items;
      const b = (a + 1 + r) % items;
      insertPair(tx, { pairId: `p${p}`, batchId, round: r + 1, itemA: a, itemB: b, currentRequestId: `r${p}`, createdAt: at });
      insertRequest(tx, { requestId: `r${p}`, batchId, pairId: `p${p}`, issuedAt: at });
      if (k < roundSize - 1) ids.push(p);
    }
  });
  return ids;
}

const result = (p: number): LlmComparisonResult => ({
  request_id: `r${p}`, status: "success", error: null, provider: "local", model: "m", usage: { input_tokens: 0, output_tokens: 0 }, cost_usd: 0,
  latency_ms: 1, metadata: { batch_id: batchId, requester: "cj-assessment" }, winner: p % 2 === 0 ? "essay_a" : "essay_b", confidence: 0.7,
});

seedBatch();
const statements = resultStatements(db);
const kinds = new Map<string, number>();
let serviceMs = 0;
const roundIds: number[][] = [];
for (let r = 0; r < rounds; r++) {
  const ids = issueRound(r);
  roundIds.push(ids);
  const started = performance.now();
  for (let from = 0; from < ids.length; from += 32) {
    const block = ids.slice(from, from + 32);
    const outcomes = uow.batch(() => block.map((p) =>
      uow.runOnce("cj-assessment", `event-${p}`, (tx, emit) => recordComparisonResult({ tx, emit, now: new Date(), log, settings }, result(p), statements))));
    for (const o of outcomes) if (o.applied) kinds.set(o.result.kind, (kinds.get(o.result.kind) ?? 0) + 1);
  }
  serviceMs += performance.now() - started;
}
const serviceUs = (serviceMs / pairs) * 1000;

// The storage floor: the same reads and writes as raw prepared statements, in blocks of 32.
const raw = {
  mark: sqlite.query("INSERT INTO processed_events (consumer, event_id, processed_at) VALUES (?, ?, ?) ON CONFLICT DO NOTHING RETURNING event_id"),
  request: sqlite.query("SELECT * FROM cj_requests WHERE request_id = ?"),
  head: sqlite.query("SELECT state, budget FROM cj_batches WHERE batch_id = ?"),
  pair: sqlite.query("SELECT * FROM cj_pairs WHERE pair_id = ?"),
  settle: sqlite.query("UPDATE cj_requests SET status = 'SUCCEEDED', answered_at = ? WHERE request_id = ? AND status = 'SENT' RETURNING request_id"),
  answer: sqlite.query("UPDATE cj_pairs SET status = 'ANSWERED', winner = ?, answered_at = ? WHERE pair_id = ? AND status = 'PENDING' RETURNING pair_id"),
  count: sqlite.query("UPDATE cj_batches SET answered_pairs = answered_pairs + 1, last_activity_at = ? WHERE batch_id = ?"),
  pending: sqlite.query("SELECT count(*) AS n FROM cj_pairs WHERE batch_id = ? AND status = 'PENDING'"),
  answered: sqlite.query("SELECT answered_pairs FROM cj_batches WHERE batch_id = ?"),
};
sqlite.exec("UPDATE cj_pairs SET status = 'ANSWERED'; UPDATE cj_requests SET status = 'SENT'; UPDATE cj_batches SET answered_pairs = 0");
let rawMs = 0;
for (const ids of roundIds) {
  sqlite.query(`UPDATE cj_pairs SET status = 'PENDING', winner = NULL WHERE pair_id IN (${ids.map((p) => `'p${p}'`).join(",")})`).run();
  const started = performance.now();
  for (let from = 0; from < ids.length; from += 32) {
    sqlite.transaction(() => {
      for (const p of ids.slice(from, from + 32)) {
        raw.mark.all("raw", `event-${p}`, at);
        raw.request.get(`r${p}`);
        raw.head.get(batchId);
        raw.pair.get(`p${p}`);
        raw.settle.all(at, `r${p}`);
        raw.answer.all(p % items, at, `p${p}`);
        raw.count.run(at, batchId);
        raw.pending.get(batchId);
        raw.answered.get(batchId);
      }
    })();
  }
  rawMs += performance.now() - started;
}
const rawUs = (rawMs / pairs) * 1000;
close();
dir.remove();

console.log(`cj-assessment, one comparison result in process (${pairs} results in ${rounds} rounds of ${roundSize}, blocks of 32, ${items} essays):`);
console.log("| path | µs per result | results/s |\n| --- | --- | --- |");
console.log(`| recordComparisonResult in runOnce | ${serviceUs.toFixed(1)} | ${Math.round(1e6 / serviceUs)} |`);
console.log(`| the same statements, raw bun:sqlite | ${rawUs.toFixed(1)} | ${Math.round(1e6 / rawUs)} |`);
console.log(`ratio service / raw: ${(serviceUs / rawUs).toFixed(2)}×; outcomes: ${[...kinds].map(([k, n]) => `${k} ${n}`).join(", ")}`);
