// The CHECK constraints come from the same enums the code uses; this fails if they drift apart.
import { afterAll, describe, expect, test } from "bun:test";
import { join } from "node:path";
import { openDatabase } from "@shared/db/database.ts";
import { enumValues, Language } from "@shared/contracts/enums.ts";
import { tempDir } from "@shared/testing/temp-dir.ts";
import { BatchState } from "../../src/domain/batch-state.ts";
import { ItemKind, PairStatus, RequestStatus } from "../../src/domain/statuses.ts";
import { FINISH_REASONS } from "../../src/db/schema.ts";
import { CJFinishReasonSchema } from "@shared/contracts/events/cj-results.ts";

const dir = tempDir("cj-schema-");
const { sqlite, close } = openDatabase(join(dir.path, "cj.sqlite"), join(import.meta.dir, "../../src/db/migrations"));
afterAll(() => {
  close();
  dir.remove();
});

let seq = 0;
const id = () => `id-${++seq}`;
const batchRow = (overrides: Record<string, string | null> = {}) => ({
  batch_id: id(), state: "PENDING", user_id: "u", language: "en", course_code: "ENG5", essay_instructions: "x", item_count: 2, budget: 1,
  seed: 1, failed_essays: "[]", correlation_id: "c", created_at: "t", last_activity_at: "t", finish_reason: null, ...overrides,
});

function insert(table: string, row: Record<string, string | number | null>): void {
  const columns = Object.keys(row);
  sqlite.query(`INSERT INTO ${table} (${columns.join(", ")}) VALUES (${columns.map(() => "?").join(", ")})`).run(...Object.values(row));
}

function newBatch(): string {
  const row = batchRow();
  insert("cj_batches", row);
  return row.batch_id;
}

function newPair(batchId: string, status = "PENDING"): string {
  const pairId = id();
  insert("cj_pairs", { pair_id: pairId, batch_id: batchId, round: seq, item_a: 0, item_b: 1, item_lo: 0, item_hi: 1, status, current_request_id: "r", created_at: "t" });
  return pairId;
}

const columns: { name: string; values: readonly string[]; write: (value: string) => void }[] = [
  { name: "cj_batches.state", values: enumValues(BatchState), write: (v) => insert("cj_batches", batchRow({ state: v })) },
  { name: "cj_batches.language", values: enumValues(Language), write: (v) => insert("cj_batches", batchRow({ language: v })) },
  { name: "cj_batches.finish_reason", values: FINISH_REASONS, write: (v) => insert("cj_batches", batchRow({ finish_reason: v })) },
  { name: "cj_items.kind", values: enumValues(ItemKind), write: (v) => insert("cj_items", { batch_id: newBatch(), item_index: 0, kind: v, ref_id: "e", text: "t" }) },
  { name: "cj_pairs.status", values: enumValues(PairStatus), write: (v) => void newPair(newBatch(), v) },
  {
    name: "cj_requests.status", values: enumValues(RequestStatus),
    write: (v) => {
      const batchId = newBatch();
      insert("cj_requests", { request_id: id(), batch_id: batchId, pair_id: newPair(batchId), status: v, issued_at: "t" });
    },
  },
];

describe("enum CHECK constraints", () => {
  for (const column of columns) {
    test(`${column.name}: every enum value inserts, a bogus one is refused`, () => {
      for (const value of column.values) column.write(value);
      expect(() => column.write("BOGUS")).toThrow(/CHECK constraint failed/);
    });
  }

  test("the finish reasons stored are the ones the RAS contract accepts", () => {
    expect([...FINISH_REASONS].sort()).toEqual([...CJFinishReasonSchema.options].sort());
  });

  test("a pair appears at most once per batch and round", () => {
    const batchId = newBatch();
    insert("cj_pairs", { pair_id: id(), batch_id: batchId, round: 1, item_a: 0, item_b: 1, item_lo: 0, item_hi: 1, status: "PENDING", current_request_id: "r", created_at: "t" });
    expect(() =>
      insert("cj_pairs", { pair_id: id(), batch_id: batchId, round: 1, item_a: 1, item_b: 0, item_lo: 0, item_hi: 1, status: "PENDING", current_request_id: "r", created_at: "t" }),
    ).toThrow(/UNIQUE constraint failed/);
  });
});
