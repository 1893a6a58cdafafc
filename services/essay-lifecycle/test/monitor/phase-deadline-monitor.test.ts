import { afterAll, beforeAll, describe, expect, test } from "bun:test";
import { join } from "node:path";
import { PhaseName } from "@shared/contracts/enums.ts";
import { ELSBatchPhaseOutcomeTopic, EssayNlpRequestedTopic } from "@shared/contracts/events/els.ts";
import { openDatabase, type OpenedDatabase } from "@shared/db/database.ts";
import { createUnitOfWork, type UnitOfWork } from "@shared/db/unit-of-work.ts";
import { createMemoryLogger } from "@shared/observability/logger.ts";
import { createMetrics } from "@shared/observability/metrics.ts";
import { tempDir } from "@shared/testing/temp-dir.ts";
import type { PhaseTimeouts } from "../../src/domain/phase-deadline.ts";
import { expirePhaseRun } from "../../src/handlers/expire-phase-run.ts";
import { startPhaseRun } from "../../src/handlers/start-phase-run.ts";
import { startPhaseDeadlineMonitor } from "../../src/monitor/phase-deadline-monitor.ts";
import { phaseCommand } from "../support/fixtures.ts";

// Two connections to one file stand for two worker processes. The race of two sweepers that both
// saw a run due is played out in a fixed order: both read the candidates, then both try to close.

const MIGRATIONS = join(import.meta.dir, "../../src/db/migrations");
const TIMEOUTS: PhaseTimeouts = { essaySeconds: 60, cjSeconds: 600 };
const dir = tempDir("els-deadline-");
const logger = createMemoryLogger("essay-lifecycle");
let a: OpenedDatabase;
let b: OpenedDatabase;
let uowA: UnitOfWork;
let uowB: UnitOfWork;
beforeAll(() => {
  a = openDatabase(join(dir.path, "els.sqlite"), MIGRATIONS);
  b = openDatabase(join(dir.path, "els.sqlite"), MIGRATIONS);
  uowA = createUnitOfWork(a.db);
  uowB = createUnitOfWork(b.db);
});
afterAll(() => {
  a.close();
  b.close();
  dir.remove();
});

let n = 0;
/** A batch of `count` ready essays with an NLP run opened by the real handler; returns the run. */
function openNlpRun(count: number) {
  const batchId = `batch-${++n}`;
  a.sqlite.run(`INSERT INTO batches (batch_id, expected_count, course_code, language, essay_instructions, user_id, registered_at) VALUES (?, ?, 'ENG5', 'en', 'w', 'u', 'now')`, [batchId, count]);
  const essays = Array.from({ length: count }, (_, i) => ({ essay_id: `${batchId}-e${i}`, text_storage_id: `${batchId}-t${i}` }));
  for (const [i, e] of essays.entries()) {
    a.sqlite.run(`INSERT INTO essays (essay_id, batch_id, slot_index, status, text_storage_id, created_at, updated_at) VALUES (?, ?, ?, 'READY_FOR_PROCESSING', ?, 'now', 'now')`, [e.essay_id, batchId, i, e.text_storage_id]);
  }
  const started = uowA.runOnce("test", crypto.randomUUID(), (tx, emit) =>
    startPhaseRun(tx, emit, PhaseName.NLP, phaseCommand(batchId, PhaseName.NLP, essays), crypto.randomUUID(), `corr-${batchId}`, TIMEOUTS, logger));
  if (!started.applied || started.result.kind !== "started") throw new Error("run not started");
  const run = a.sqlite.query<{ run_id: string; started_at: string; deadline_at: string }, [string]>("SELECT run_id, started_at, deadline_at FROM phase_runs WHERE run_id = ?").get(started.result.runId);
  if (!run) throw new Error("run not stored");
  return { batchId, essays, run };
}

const outcomeRows = (batchId: string) =>
  a.sqlite.query<{ envelope: string }, [string, string]>("SELECT envelope FROM outbox WHERE topic = ? AND envelope LIKE ?").all(ELSBatchPhaseOutcomeTopic.name, `%"${batchId}"%`);
const afterDeadline = (run: { deadline_at: string }) => new Date(Date.parse(run.deadline_at) + 1);

describe("expiring a phase run", () => {
  test("the run's deadline is its start plus the phase's timeout; each request's event id is kept on its essay", () => {
    const { run, batchId } = openNlpRun(2);
    expect(Date.parse(run.deadline_at) - Date.parse(run.started_at)).toBe(60_000);
    const kept = a.sqlite.query<{ request_event_id: string }, [string]>("SELECT request_event_id FROM phase_run_essays WHERE run_id = ? ORDER BY rowid").all(run.run_id);
    const sent = a.sqlite.query<{ event_id: string }, [string]>("SELECT event_id FROM outbox WHERE topic = ? ORDER BY id").all(EssayNlpRequestedTopic.name);
    expect(kept.map((r) => r.request_event_id)).toEqual(sent.slice(-2).map((r) => r.event_id));
    expect(outcomeRows(batchId)).toEqual([]);
  });

  test("two sweepers that both saw the run due: the first closes it, the second finds it closed and does nothing", () => {
    const { run, batchId, essays } = openNlpRun(2);
    const now = afterDeadline(run);
    const first = uowA.run((tx, emit) => expirePhaseRun(tx, emit, run.run_id, now, TIMEOUTS, logger));
    const second = uowB.run((tx, emit) => expirePhaseRun(tx, emit, run.run_id, now, TIMEOUTS, logger));
    expect(first).toMatchObject({ kind: "expired", failed: essays.map((e) => e.essay_id), closed: { outcome: { status: "FAILED_CRITICALLY" } } });
    expect(second).toEqual({ kind: "skipped" });
    expect(outcomeRows(batchId).length).toBe(1);
    expect(logger.lines.filter((l) => l.batch_id === batchId && String(l.msg).startsWith("phase run passed its deadline")).length).toBe(1);
  });

  test("before its deadline a run is left alone, by the sweep and by a direct expiry", () => {
    const { run, batchId } = openNlpRun(1);
    const early = new Date(Date.parse(run.deadline_at) - 1000);
    expect(uowA.run((tx, emit) => expirePhaseRun(tx, emit, run.run_id, early, TIMEOUTS, logger))).toEqual({ kind: "skipped" });
    const monitor = startPhaseDeadlineMonitor({ db: a.db, uow: uowA, logger, metrics: createMetrics("els-test"), timeouts: TIMEOUTS, intervalMs: 3_600_000 });
    try {
      expect(monitor.sweep(early).has(run.run_id)).toBe(false);
      expect(monitor.sweep(afterDeadline(run)).get(run.run_id)).toBe("expired");
    } finally {
      monitor.stop();
    }
    expect(outcomeRows(batchId).length).toBe(1);
  });

  test("a run recorded without a deadline (before deadlines existed) expires at its start plus the current timeout", () => {
    const { run, batchId } = openNlpRun(1);
    a.sqlite.run("UPDATE phase_runs SET deadline_at = NULL, correlation_id = NULL WHERE run_id = ?", [run.run_id]);
    const monitor = startPhaseDeadlineMonitor({ db: b.db, uow: uowB, logger, metrics: createMetrics("els-test"), timeouts: TIMEOUTS, intervalMs: 3_600_000 });
    try {
      expect(monitor.sweep(new Date(Date.parse(run.started_at) + 59_000)).has(run.run_id)).toBe(false);
      expect(monitor.sweep(new Date(Date.parse(run.started_at) + 60_000)).get(run.run_id)).toBe("expired");
    } finally {
      monitor.stop();
    }
    expect(outcomeRows(batchId).length).toBe(1);
    expect(a.sqlite.query<{ status: string }, [string]>("SELECT status FROM phase_runs WHERE run_id = ?").get(run.run_id)?.status).toBe("FAILED_CRITICALLY");
  });
});
