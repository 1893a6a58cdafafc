import { afterAll, beforeAll, describe, expect, test } from "bun:test";
import { join } from "node:path";
import { BatchStatus, enumValues, Language, PhaseName, PhaseStatus, PipelineName } from "@shared/contracts/enums.ts";
import { openDatabase, type OpenedDatabase } from "@shared/db/database.ts";
import { tempDir } from "@shared/testing/temp-dir.ts";
import { PromptSource } from "../src/domain/prompt-source.ts";
import { RunStatus } from "../src/domain/run-status.ts";

// The committed migrations must accept exactly the values the code's enums have.
const dir = tempDir("bos-schema-");
let database: OpenedDatabase;
beforeAll(() => {
  database = openDatabase(join(dir.path, "schema.sqlite"), join(import.meta.dir, "../src/db/migrations"));
});
afterAll(() => {
  database.close();
  dir.remove();
});

const run = (sql: string, ...params: (string | number | null)[]) => database.sqlite.query(sql).run(...params);

function insertBatch(id: string, status: string = BatchStatus.AWAITING_CONTENT, language: string = Language.EN) {
  run(
    `INSERT INTO batches (batch_id, user_id, course_code, language, essay_instructions, expected_essay_count, status, correlation_id, created_at, updated_at)
     VALUES (?, 'u', 'ENG5', ?, 'x', 1, ?, 'c', 't', 't')`,
    id, language, status,
  );
}
function insertRun(id: string, batchId: string, pipeline: string = PipelineName.SPELLCHECK, status: string = PhaseStatus.IN_PROGRESS, source: string | null = null) {
  run(
    `INSERT INTO pipeline_runs (run_id, batch_id, pipeline, status, prompt_source, pruned_phases, correlation_id, requested_at) VALUES (?, ?, ?, ?, ?, '[]', 'c', 't')`,
    id, batchId, pipeline, status, source,
  );
}
function insertPhase(runId: string, phase: string, status: string = PhaseStatus.PENDING) {
  run(`INSERT INTO pipeline_phases (run_id, phase, position, status, depends_on) VALUES (?, ?, 0, ?, '[]')`, runId, phase, status);
}

describe("status columns follow the shared enums", () => {
  test("batches.status and batches.language accept every enum value and nothing else", () => {
    for (const status of enumValues(BatchStatus)) insertBatch(`b-${status}`, status);
    for (const language of enumValues(Language)) insertBatch(`b-lang-${language}`, BatchStatus.AWAITING_CONTENT, language);
    expect(() => insertBatch("b-bogus", "ALMOST_DONE")).toThrow(/CHECK constraint failed/);
    expect(() => insertBatch("b-bogus-lang", BatchStatus.AWAITING_CONTENT, "de")).toThrow(/CHECK constraint failed/);
  });

  test("pipeline_runs.pipeline, .status and .prompt_source accept every enum value and nothing else", () => {
    insertBatch("b-runs");
    for (const pipeline of enumValues(PipelineName)) insertRun(`r-p-${pipeline}`, "b-runs", pipeline);
    for (const status of enumValues(RunStatus)) insertRun(`r-s-${status}`, "b-runs", PipelineName.NLP, status);
    for (const source of enumValues(PromptSource)) insertRun(`r-src-${source}`, "b-runs", PipelineName.NLP, PhaseStatus.IN_PROGRESS, source);
    insertRun("r-src-null", "b-runs");
    expect(() => insertRun("r-bogus-p", "b-runs", "grammar")).toThrow(/CHECK constraint failed/);
    expect(() => insertRun("r-bogus-s", "b-runs", PipelineName.NLP, "HALF_DONE")).toThrow(/CHECK constraint failed/);
    expect(() => insertRun("r-bogus-src", "b-runs", PipelineName.NLP, PhaseStatus.IN_PROGRESS, "rumour")).toThrow(/CHECK constraint failed/);
  });

  test("pipeline_phases.phase and .status accept every enum value and nothing else", () => {
    insertBatch("b-phases");
    insertRun("r-phases", "b-phases");
    for (const phase of enumValues(PhaseName)) insertPhase("r-phases", phase);
    insertRun("r-phase-status", "b-phases");
    const phases = enumValues(PhaseName);
    enumValues(RunStatus).forEach((status, i) => {
      if (i < phases.length) insertPhase("r-phase-status", phases[i] as string, status);
      else {
        insertRun(`r-extra-${status}`, "b-phases");
        insertPhase(`r-extra-${status}`, PhaseName.NLP, status);
      }
    });
    insertRun("r-bogus", "b-phases");
    expect(() => insertPhase("r-bogus", "grammar")).toThrow(/CHECK constraint failed/);
    expect(() => insertPhase("r-bogus", PhaseName.NLP, "WAITING")).toThrow(/CHECK constraint failed/);
  });

  test("essay_failures.phase accepts every phase and nothing else", () => {
    insertBatch("b-fail");
    insertRun("r-fail", "b-fail");
    const phases = enumValues(PhaseName);
    phases.forEach((phase, i) => {
      run(`INSERT INTO essays (essay_id, batch_id, position) VALUES (?, 'b-fail', ?)`, `e-${i}`, i);
      run(`INSERT INTO essay_failures (run_id, essay_id, phase, failed_at) VALUES ('r-fail', ?, ?, 't')`, `e-${i}`, phase);
    });
    run(`INSERT INTO essays (essay_id, batch_id, position) VALUES ('e-bogus', 'b-fail', 99)`);
    expect(() => run(`INSERT INTO essay_failures (run_id, essay_id, phase, failed_at) VALUES ('r-fail', 'e-bogus', 'grammar', 't')`)).toThrow(/CHECK constraint failed/);
  });
});
