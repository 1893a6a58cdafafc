// What one comparison request costs llm-provider itself, in process, without a bus or a judge: a
// SQLite file with LPS's migrations; rounds of 300 CJ-shaped requests (two essay texts inline) are
// taken in as the consumer hands them over (submitRequests over reads of 64: processed mark, status
// check, queue insert), taken by a worker as its local-judge blocks of 32 (repo.take) and answered
// (answerRequests: the stored result and its outbox event, one transaction per block). The verdicts
// are made up: the judge is not timed. The same statements as raw bun:sqlite queries give the
// floor of the storage itself, printed beside it (issue 14).
// Run: bun bench/lps-request-cost.ts [rounds=8]
import { join } from "node:path";
import { openDatabase } from "../shared/db/database.ts";
import { createUnitOfWork } from "../shared/db/unit-of-work.ts";
import { createMemoryLogger } from "../shared/observability/logger.ts";
import { createMetrics } from "../shared/observability/metrics.ts";
import { createContentClient } from "../shared/http/content-client.ts";
import { tempDir } from "../shared/testing/temp-dir.ts";
import { LlmComparisonCompletedTopic, type LlmComparisonRequest } from "../shared/contracts/events/llm.ts";
import { createRequestRepository, type RequestRow } from "../services/llm-provider/src/db/request-repository.ts";
import { RequestKind } from "../services/llm-provider/src/db/request-states.ts";
import { type IntakeEvent, submitRequests } from "../services/llm-provider/src/handlers/intake.ts";
import { answerRequests } from "../services/llm-provider/src/queue/answer-requests.ts";
import { createLpsMetrics } from "../services/llm-provider/src/queue/lps-metrics.ts";
import { successResult } from "../services/llm-provider/src/queue/result-events.ts";
import type { ProviderRegistry } from "../services/llm-provider/src/queue/provider-registry.ts";
import type { LlmProvider } from "../services/llm-provider/src/providers/types.ts";
import { uniqueEssays } from "./support/teacher-load.ts";

const rounds = Number(process.argv[2] ?? 8);
const perRound = 300;
const READ = 64;
const BLOCK = 32;
const dir = tempDir("huleedu-lps-request-cost-");
const { db, sqlite, close } = openDatabase(join(dir.path, "lps.sqlite"), join(import.meta.dir, "../services/llm-provider/src/db/migrations"));
const uow = createUnitOfWork(db);
const logger = createMemoryLogger("llm-provider");
const metrics = createLpsMetrics(createMetrics("llm-provider"));
const repo = createRequestRepository(db);
// Intake only reads the provider's name and default model; nothing here calls it.
const local: LlmProvider = {
  name: "local", defaultModel: "local-judge",
  compare: () => Promise.reject(new Error("not called")), writeFeedback: () => Promise.reject(new Error("not called")),
};
const providers: ProviderRegistry = { defaultName: "local", get: () => local, resolve: () => ({ name: "local", provider: local }) };
const deps = { uow, repo, providers, metrics, content: createContentClient({ baseUrl: "http://127.0.0.1:9", internalApiKey: "k", timeoutMs: 100 }), onQueued: () => undefined };
const texts = uniqueEssays(perRound, 0);
const batchId = crypto.randomUUID();

function request(r: number, k: number): LlmComparisonRequest {
  return {
    request_id: `req-${r}-${k}`, language: "en", instructions: "Write an argumentative essay.", prompt_text: "Should schools ban mobile phones? Argue your case.",
    expires_at: null, callback_topic: LlmComparisonCompletedTopic.name, priority: 5, provider_override: null, model_override: null,
    metadata: { batch_id: batchId, pair_id: `pair-${r}-${k}`, correlation_id: "c", user_id: "t1", requester: "cj-assessment" },
    essay_a: { id: `e${k}`, text: texts[k]! }, essay_b: { id: `e${(k + 1 + r) % perRound}`, text: texts[(k + 1 + r) % perRound]! },
  } as LlmComparisonRequest;
}

const verdict = { winner: "essay_a" as const, justification: "Essay A develops its argument further.", confidence: 0.7 };
const acc = { provider: "local", model: "local-judge", usage: { input_tokens: 800, output_tokens: 6 }, costUsd: 0, latencyMs: 1 };
const timing = { intake: 0, take: 0, answer: 0 };
let answeredCount = 0;
for (let r = 0; r < rounds; r++) {
  const events: IntakeEvent[] = Array.from({ length: perRound }, (_, k) => ({
    payload: { kind: RequestKind.COMPARISON, request: request(r, k) }, correlationId: "c", eventId: `event-${r}-${k}`,
  }));
  let t = performance.now();
  for (let from = 0; from < events.length; from += READ) await submitRequests(deps, events.slice(from, from + READ));
  timing.intake += performance.now() - t;
  for (;;) {
    t = performance.now();
    const taken: RequestRow[] = repo.take(Date.now(), () => ({ limit: BLOCK, with: "kind" }));
    timing.take += performance.now() - t;
    if (taken.length === 0) break;
    t = performance.now();
    answeredCount += answerRequests({ repo, uow, metrics, logger, now: Date.now }, taken.map((row) => ({ row, result: successResult(row.requestId, row.payload, acc, verdict) }))).length;
    timing.answer += performance.now() - t;
  }
  sqlite.exec("UPDATE outbox SET published_at = 'x' WHERE published_at IS NULL"); // the relay's part, not timed here
}
const n = rounds * perRound;
if (answeredCount !== n) throw new Error(`answered ${answeredCount} of ${n}`);

// The floor: the same rows written and read with raw prepared bun:sqlite statements, same blocks,
// in the layout the migrations made (payload in the row, or beside it in llm_request_payloads, so
// that this file also measures main's code).
const split = sqlite.query("SELECT 1 FROM sqlite_master WHERE name = 'llm_request_payloads'").get() !== null;
const joined = split ? "SELECT r.*, p.payload FROM llm_requests r JOIN llm_request_payloads p USING (request_id)" : "SELECT r.* FROM llm_requests r";
const raw = {
  mark: sqlite.query("INSERT INTO processed_events (consumer, event_id, processed_at) VALUES (?, ?, ?) ON CONFLICT DO NOTHING RETURNING event_id"),
  status: sqlite.query("SELECT status FROM llm_requests WHERE request_id = ?"),
  insert: sqlite.query(`INSERT INTO llm_requests (request_id, kind, status, provider, model, priority, expires_at_ms, enqueued_at_ms, bundle_key, callback_topic, correlation_id, ${split ? "batch_id" : "payload"}, created_at)
    VALUES (?, 'comparison', 'queued', 'local', 'local-judge', 5, NULL, ?, NULL, ?, 'c', ?, ?) ON CONFLICT DO NOTHING RETURNING request_id`),
  payload: split ? sqlite.query("INSERT INTO llm_request_payloads (request_id, payload) VALUES (?, ?)") : undefined,
  head: sqlite.query(`${joined} WHERE r.status = 'queued' AND (r.expires_at_ms IS NULL OR r.expires_at_ms > ?) ORDER BY r.priority, r.enqueued_at_ms, r.rowid LIMIT 1`),
  others: sqlite.query(`${joined} WHERE r.status = 'queued' AND (r.expires_at_ms IS NULL OR r.expires_at_ms > ?) AND r.provider = ? AND r.kind = ? ORDER BY r.priority, r.enqueued_at_ms, r.rowid LIMIT ?`),
  start: sqlite.query("UPDATE llm_requests SET status = 'in_progress', started_at = ?, takes = takes + 1 WHERE request_id = ?"),
  answer: sqlite.query("UPDATE llm_requests SET status = 'succeeded', result = ?, completed_at = ? WHERE request_id = ? AND status IN ('queued', 'in_progress') RETURNING request_id"),
  outbox: sqlite.query("INSERT INTO outbox (topic, event_id, envelope, dedupe_key, created_at) VALUES (?, ?, ?, ?, ?) ON CONFLICT DO NOTHING RETURNING id"),
};
const floor = { intake: 0, take: 0, answer: 0 };
for (let r = 0; r < rounds; r++) {
  const requests = Array.from({ length: perRound }, (_, k) => request(rounds + r, k));
  let t = performance.now();
  for (let from = 0; from < requests.length; from += READ) {
    sqlite.transaction(() => {
      for (const q of requests.slice(from, from + READ)) {
        raw.mark.all("raw", q.request_id, new Date().toISOString());
        raw.status.get(q.request_id);
        const json = JSON.stringify({ kind: "comparison", request: q });
        raw.insert.all(q.request_id, Date.now(), q.callback_topic, split ? batchId : json, new Date().toISOString());
        raw.payload?.run(q.request_id, json);
      }
    }).immediate();
  }
  floor.intake += performance.now() - t;
  for (;;) {
    t = performance.now();
    const taken = sqlite.transaction(() => {
      const head = raw.head.get(Date.now()) as { request_id: string; payload: string } | null;
      if (!head) return [];
      const rows = [head, ...(raw.others.all(Date.now(), "local", "comparison", BLOCK) as { request_id: string; payload: string }[]).filter((x) => x.request_id !== head.request_id).slice(0, BLOCK - 1)];
      for (const row of rows) raw.start.run(new Date().toISOString(), row.request_id);
      return rows.map((row) => ({ id: row.request_id, payload: JSON.parse(row.payload) as { request: LlmComparisonRequest } }));
    }).immediate();
    floor.take += performance.now() - t;
    if (taken.length === 0) break;
    t = performance.now();
    sqlite.transaction(() => {
      for (const row of taken) {
        const result = { request_id: row.id, status: "success", error: null, provider: "local", model: "local-judge", usage: acc.usage, cost_usd: 0, latency_ms: 1, metadata: row.payload.request.metadata, ...verdict };
        raw.answer.all(JSON.stringify(result), new Date().toISOString(), row.id);
        const envelope = { event_id: crypto.randomUUID(), event_type: LlmComparisonCompletedTopic.name, event_timestamp: new Date().toISOString(), source_service: "llm-provider", correlation_id: "c", schema_version: 1, data: result };
        raw.outbox.all(LlmComparisonCompletedTopic.name, envelope.event_id, JSON.stringify(envelope), `result:${row.id}`, envelope.event_timestamp);
      }
    }).immediate();
    floor.answer += performance.now() - t;
  }
  sqlite.exec("UPDATE outbox SET published_at = 'x' WHERE published_at IS NULL");
}
close();
dir.remove();

const us = (ms: number) => ((ms / n) * 1000).toFixed(1);
console.log(`llm-provider, one comparison request in process (queue layout: payload ${split ? "beside the row" : "in the row"}; ${n} requests in ${rounds} rounds of ${perRound}, reads of ${READ}, takes of ${BLOCK}, two ~420-word texts inline):`);
console.log("| step | LPS code, µs per request | raw bun:sqlite, µs per request | ratio |\n| --- | --- | --- | --- |");
for (const step of ["intake", "take", "answer"] as const) console.log(`| ${step} | ${us(timing[step])} | ${us(floor[step])} | ${(timing[step] / floor[step]).toFixed(2)}× |`);
const total = timing.intake + timing.take + timing.answer;
const floorTotal = floor.intake + floor.take + floor.answer;
console.log(`| all three | ${us(total)} (${Math.round(n / (total / 1000))} requests/s) | ${us(floorTotal)} (${Math.round(n / (floorTotal / 1000))} requests/s) | ${(total / floorTotal).toFixed(2)}× |`);
