import { afterAll, beforeAll, describe, expect, test } from "bun:test";
import { join } from "node:path";
import type { Database } from "bun:sqlite";
import { EssayStatus, Language, PhaseName, enumValues } from "@shared/contracts/enums.ts";
import { openDatabase, type OpenedDatabase } from "@shared/db/database.ts";
import { tempDir } from "@shared/testing/temp-dir.ts";
import { ContentOutcome, PhaseRunEssayStatus, PhaseRunStatus } from "../../src/db/statuses.ts";

// The CHECK constraints come from the same enums as the code; these tests fail if they drift apart.

const MIGRATIONS = join(import.meta.dir, "../../src/db/migrations");
const dir = tempDir("els-schema-");
let opened: OpenedDatabase;
let sqlite: Database;
beforeAll(() => {
  opened = openDatabase(join(dir.path, "els.sqlite"), MIGRATIONS);
  sqlite = opened.sqlite;
  sqlite.run(`INSERT INTO batches (batch_id, expected_count, course_code, language, essay_instructions, user_id, registered_at)
              VALUES ('b', 1, 'ENG5', 'en', 'write', 'u', 'now')`);
  sqlite.run(`INSERT INTO phase_runs (run_id, batch_id, phase, status, command_event_id, started_at) VALUES ('r', 'b', 'nlp', 'COMPLETED_SUCCESSFULLY', 'e', 'now')`);
});
afterAll(() => {
  opened.close();
  dir.remove();
});

let n = 0;
const inserts: Record<string, (value: string) => void> = {
  "essays.status": (value) =>
    sqlite.run(`INSERT INTO essays (essay_id, batch_id, slot_index, status, created_at, updated_at) VALUES (?, 'b', 0, ?, 'now', 'now')`, [`e${n++}`, value]),
  "batches.language": (value) =>
    sqlite.run(`INSERT INTO batches (batch_id, expected_count, course_code, language, essay_instructions, user_id, registered_at) VALUES (?, 1, 'X', ?, 'i', 'u', 'now')`, [`b${n++}`, value]),
  "phase_runs.phase": (value) =>
    sqlite.run(`INSERT INTO phase_runs (run_id, batch_id, phase, status, command_event_id, started_at) VALUES (?, ?, ?, 'COMPLETED_SUCCESSFULLY', 'e', 'now')`, [`r${n++}`, `b${n}`, value]),
  "phase_runs.status": (value) =>
    sqlite.run(`INSERT INTO phase_runs (run_id, batch_id, phase, status, command_event_id, started_at) VALUES (?, ?, 'nlp', ?, 'e', 'now')`, [`r${n++}`, `b${n}`, value]),
  "phase_run_essays.status": (value) =>
    sqlite.run(`INSERT INTO phase_run_essays (run_id, essay_id, input_text_storage_id, status) VALUES ('r', ?, 't', ?)`, [`e${n++}`, value]),
  "batch_contents.outcome": (value) =>
    sqlite.run(`INSERT INTO batch_contents (batch_id, content_sha256, file_upload_id, original_file_name, text_storage_id, outcome, received_at) VALUES ('b', ?, 'f', 'n', 't', ?, 'now')`, [`sha${n++}`, value]),
};
const enums: Record<string, readonly string[]> = {
  "essays.status": enumValues(EssayStatus),
  "batches.language": enumValues(Language),
  "phase_runs.phase": enumValues(PhaseName),
  "phase_runs.status": enumValues(PhaseRunStatus),
  "phase_run_essays.status": enumValues(PhaseRunEssayStatus),
  "batch_contents.outcome": enumValues(ContentOutcome),
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

describe("uniqueness rules", () => {
  test("one run of a phase in progress per batch; finished runs do not count", () => {
    const open = (id: string) =>
      sqlite.run(`INSERT INTO phase_runs (run_id, batch_id, phase, status, command_event_id, started_at) VALUES (?, 'b', 'spellcheck', 'IN_PROGRESS', 'e', 'now')`, [id]);
    sqlite.run(`INSERT INTO phase_runs (run_id, batch_id, phase, status, command_event_id, started_at) VALUES ('done', 'b', 'spellcheck', 'FAILED_CRITICALLY', 'e', 'now')`);
    expect(() => open("run-1")).not.toThrow();
    expect(() => open("run-2")).toThrow(/UNIQUE constraint failed/);
  });

  test("two slots of a batch never hold the same content; free slots are not duplicates", () => {
    const slot = (id: string, sha: string | null) =>
      sqlite.run(`INSERT INTO essays (essay_id, batch_id, slot_index, status, content_sha256, created_at, updated_at) VALUES (?, 'b', 0, 'AWAITING_CONTENT', ?, 'now', 'now')`, [id, sha]);
    expect(() => slot("free-1", null)).not.toThrow();
    expect(() => slot("free-2", null)).not.toThrow();
    expect(() => slot("full-1", "abc")).not.toThrow();
    expect(() => slot("full-2", "abc")).toThrow(/UNIQUE constraint failed/);
  });
});
