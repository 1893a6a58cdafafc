import { afterAll, beforeAll, describe, expect, test } from "bun:test";
import { join } from "node:path";
import type { Database } from "bun:sqlite";
import { BatchStatus, enumValues, Language, PhaseName, PhaseOutcomeStatus, PhaseStatus, PipelineName } from "@shared/contracts/enums.ts";
import { ErrorCode } from "@shared/contracts/errors.ts";
import { ResultStatusSchema } from "@shared/contracts/events/essay-ref.ts";
import { openDatabase, type OpenedDatabase } from "@shared/db/database.ts";
import { tempDir } from "@shared/testing/temp-dir.ts";

// The CHECK constraints come from the shared enums; these tests fail if code and schema drift apart.

const MIGRATIONS = join(import.meta.dir, "../../src/db/migrations");
const dir = tempDir("ras-schema-");
let opened: OpenedDatabase;
let sqlite: Database;
beforeAll(() => {
  opened = openDatabase(join(dir.path, "ras.sqlite"), MIGRATIONS);
  sqlite = opened.sqlite;
  sqlite.run(`INSERT INTO batch_views (batch_id, user_id, status, status_at, created_at, updated_at) VALUES ('b', 'u', 'AWAITING_CONTENT', 'now', 'now', 'now')`);
});
afterAll(() => {
  opened.close();
  dir.remove();
});

let n = 0;
const batchColumn = (column: string) => (value: string) =>
  sqlite.run(`INSERT INTO batch_views (batch_id, user_id, status, status_at, created_at, updated_at, ${column}) VALUES (?, 'u', 'AWAITING_CONTENT', 'now', 'now', 'now', ?)`, [`b${n++}`, value]);
const essayColumn = (column: string) => (value: string) =>
  sqlite.run(`INSERT INTO essay_views (batch_id, essay_id, updated_at, ${column}) VALUES ('b', ?, 'now', ?)`, [`e${n++}`, value]);

const inserts: Record<string, (value: string) => void> = {
  "batch_views.status": (value) =>
    sqlite.run(`INSERT INTO batch_views (batch_id, user_id, status, status_at, created_at, updated_at) VALUES (?, 'u', ?, 'now', 'now', 'now')`, [`b${n++}`, value]),
  "batch_views.language": batchColumn("language"),
  "batch_views.current_pipeline": batchColumn("current_pipeline"),
  "batch_views.last_pipeline": batchColumn("last_pipeline"),
  "batch_views.last_pipeline_final_status": batchColumn("last_pipeline_final_status"),
  "batch_views.denial_error_code": batchColumn("denial_error_code"),
  "phase_views.phase": (value) =>
    sqlite.run(`INSERT INTO phase_views (batch_id, phase, status, status_at) VALUES (?, ?, 'PENDING', 'now')`, [insertBatch(), value]),
  "phase_views.status": (value) =>
    sqlite.run(`INSERT INTO phase_views (batch_id, phase, status, status_at) VALUES (?, 'nlp', ?, 'now')`, [insertBatch(), value]),
  "phase_views.pipeline": (value) =>
    sqlite.run(`INSERT INTO phase_views (batch_id, phase, status, status_at, pipeline) VALUES (?, 'nlp', 'PENDING', 'now', ?)`, [insertBatch(), value]),
  "essay_views.spellcheck_status": essayColumn("spellcheck_status"),
  "essay_views.nlp_status": essayColumn("nlp_status"),
  "essay_views.ai_feedback_status": essayColumn("ai_feedback_status"),
  "essay_failures.phase": (value) =>
    sqlite.run(`INSERT INTO essay_failures (batch_id, essay_id, phase, error_code, message, failed_at) VALUES ('b', ?, ?, 'X', 'm', 'now')`, [`e${n++}`, value]),
};

function insertBatch(): string {
  const id = `pb${n++}`;
  sqlite.run(`INSERT INTO batch_views (batch_id, user_id, status, status_at, created_at, updated_at) VALUES (?, 'u', 'AWAITING_CONTENT', 'now', 'now', 'now')`, [id]);
  return id;
}

const enums: Record<string, readonly string[]> = {
  "batch_views.status": enumValues(BatchStatus),
  "batch_views.language": enumValues(Language),
  "batch_views.current_pipeline": enumValues(PipelineName),
  "batch_views.last_pipeline": enumValues(PipelineName),
  "batch_views.last_pipeline_final_status": enumValues(PhaseOutcomeStatus),
  "batch_views.denial_error_code": enumValues(ErrorCode),
  "phase_views.phase": enumValues(PhaseName),
  "phase_views.status": enumValues(PhaseStatus),
  "phase_views.pipeline": enumValues(PipelineName),
  "essay_views.spellcheck_status": ResultStatusSchema.options,
  "essay_views.nlp_status": ResultStatusSchema.options,
  "essay_views.ai_feedback_status": ResultStatusSchema.options,
  "essay_failures.phase": enumValues(PhaseName),
};

describe("status columns accept exactly their enum", () => {
  for (const [column, values] of Object.entries(enums)) {
    test(`${column}: every value inserts, a bogus one is refused`, () => {
      const insert = inserts[column];
      if (!insert) throw new Error(`no insert for ${column}`);
      for (const value of values) expect(() => insert(value)).not.toThrow();
      expect(() => insert("BOGUS_VALUE")).toThrow(/CHECK constraint failed/);
    });
  }
});

test("every column with a CHECK constraint in the migrations is covered here", () => {
  const ddl = (sqlite.query(`SELECT group_concat(sql, ' ') AS ddl FROM sqlite_master WHERE type = 'table'`).get() as { ddl: string }).ddl;
  const checked = [...ddl.matchAll(/CHECK\("(\w+)"\."(\w+)" IN/g)].map((m) => `${m[1]}.${m[2]}`).sort();
  expect(checked).toEqual(Object.keys(enums).sort());
});

test("batch_views.user_id is required", () => {
  expect(() => sqlite.run(`INSERT INTO batch_views (batch_id, status, status_at, created_at, updated_at) VALUES ('nouser', 'AWAITING_CONTENT', 'now', 'now', 'now')`)).toThrow(/NOT NULL/);
});
