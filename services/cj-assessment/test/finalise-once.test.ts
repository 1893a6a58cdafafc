// Finalisation guards, driven directly on a real SQLite database (no bus): whatever triggers
// finalisation, and however often, one completion event reaches the outbox.
import { afterAll, describe, expect, test } from "bun:test";
import { join } from "node:path";
import { CJAssessmentCompletedTopic } from "@shared/contracts/events/cj.ts";
import { LlmComparisonRequestedTopic, type LlmComparisonResult } from "@shared/contracts/events/llm.ts";
import { openDatabase } from "@shared/db/database.ts";
import { createUnitOfWork } from "@shared/db/unit-of-work.ts";
import { createMemoryLogger } from "@shared/observability/logger.ts";
import { tempDir } from "@shared/testing/temp-dir.ts";
import { DEFAULT_COMPLETION_POLICY } from "../src/domain/completion.ts";
import { fitBradleyTerry } from "../src/domain/bradley-terry.ts";
import { findBatch, itemsOf } from "../src/db/batch-store.ts";
import { resultStatements } from "../src/db/result-statements.ts";
import { advanceBatch, progressOf } from "../src/handlers/advance-batch.ts";
import { finaliseBatch } from "../src/handlers/finalise-batch.ts";
import { recordComparisonResult } from "../src/handlers/record-comparison-result.ts";
import { startBatch, type PreparedBatch } from "../src/handlers/start-batch.ts";
import type { WorkflowSettings } from "../src/handlers/workflow.ts";

const dir = tempDir("cj-final-");
const database = openDatabase(join(dir.path, "cj.sqlite"), join(import.meta.dir, "../src/db/migrations"));
const uow = createUnitOfWork(database.db);
const log = createMemoryLogger("cj-assessment");
const settings: WorkflowSettings = { policy: DEFAULT_COMPLETION_POLICY, softOutcomes: true, pairRetryLimit: 2, pairAbandonLimit: 2, requestTtlMs: 0 };
afterAll(() => {
  database.close();
  dir.remove();
});

const outboxOf = (topic: string) =>
  database.sqlite.query("SELECT envelope FROM outbox WHERE topic = ?").all(topic).map((r) => JSON.parse((r as { envelope: string }).envelope) as { data: Record<string, unknown> });

function prepared(batchId: string, n: number): PreparedBatch {
  return {
    request: {
      batch_id: batchId, language: "en", course_code: "ENG5", essay_instructions: "Discuss.", user_id: "u1", org_id: null, assignment_id: null,
      student_prompt_ref: null, cj_settings: null, essays: Array.from({ length: n }, (_, i) => ({ essay_id: `e${i}`, text_storage_id: `s${i}` })),
    },
    correlationId: "corr", essays: Array.from({ length: n }, (_, i) => ({ essayId: `e${i}`, text: "word ".repeat(i + 1) })),
    promptText: null, anchors: [], gradeScale: null, totalBudget: 100, seed: 4,
  };
}

function answer(requestId: string, metadata: LlmComparisonResult["metadata"]): LlmComparisonResult {
  return {
    request_id: requestId, status: "success", winner: "essay_a", error: null, justification: null, confidence: 1, provider: "t", model: "t",
    usage: { input_tokens: 0, output_tokens: 0 }, cost_usd: 0, latency_ms: 0, metadata,
  };
}

describe("finalisation happens once", () => {
  test("results, a stale advance and a direct second finalisation give one completion event", () => {
    uow.run((tx, emit) => startBatch({ tx, emit, now: new Date(), log, settings }, prepared("b1", 3)));
    const stale = findBatch(database.db, "b1")!;
    const requests = outboxOf(LlmComparisonRequestedTopic.name).filter((e) => (e.data.metadata as { batch_id: string }).batch_id === "b1");
    expect(requests).toHaveLength(3);
    const kinds = requests.map((r) =>
      uow.run((tx, emit) => recordComparisonResult({ tx, emit, now: new Date(), log, settings }, answer(r.data.request_id as string, r.data.metadata as LlmComparisonResult["metadata"]), resultStatements(database.db))).kind);
    expect(kinds).toEqual(["counted", "counted", "counted"]);
    expect(findBatch(database.db, "b1")!.state).toBe("COMPLETED");

    // A trigger holding a row read before completion (e.g. the monitor) advances it again.
    const again = uow.run((tx, emit) => advanceBatch({ tx, emit, now: new Date(), log, settings }, stale));
    expect(again.kind).toBe("already_final");
    const direct = uow.run((tx, emit) => {
      const w = { tx, emit, now: new Date(), log, settings };
      return finaliseBatch(w, stale, itemsOf(tx, "b1"), fitBradleyTerry(3, []), progressOf(w, stale), "budget_reached");
    });
    expect(direct).toBeUndefined();
    expect(outboxOf(CJAssessmentCompletedTopic.name).filter((e) => e.data.batch_id === "b1")).toHaveLength(1);
  });

  test("even with the state guard bypassed, the outbox dedupe key refuses a second completion", () => {
    uow.run((tx, emit) => startBatch({ tx, emit, now: new Date(), log, settings }, prepared("b2", 2)));
    const [request] = outboxOf(LlmComparisonRequestedTopic.name).filter((e) => (e.data.metadata as { batch_id: string }).batch_id === "b2");
    uow.run((tx, emit) => recordComparisonResult({ tx, emit, now: new Date(), log, settings }, answer(request!.data.request_id as string, request!.data.metadata as LlmComparisonResult["metadata"]), resultStatements(database.db)));
    expect(findBatch(database.db, "b2")!.state).toBe("COMPLETED");
    database.sqlite.query("UPDATE cj_batches SET state = 'WAITING_CALLBACKS' WHERE batch_id = 'b2'").run();
    const second = uow.run((tx, emit) => {
      const w = { tx, emit, now: new Date(), log, settings };
      const batch = findBatch(tx, "b2")!;
      return finaliseBatch(w, batch, itemsOf(tx, "b2"), fitBradleyTerry(2, []), progressOf(w, batch), "budget_reached");
    });
    expect(second).toBeUndefined();
    expect(outboxOf(CJAssessmentCompletedTopic.name).filter((e) => e.data.batch_id === "b2")).toHaveLength(1);
    expect(log.lines.some((l) => l.msg === "completion event already in the outbox; refusing to emit again")).toBe(true);
  });
});
