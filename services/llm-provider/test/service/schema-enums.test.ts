import { afterAll, beforeAll, describe, expect, test } from "bun:test";
import { join } from "node:path";
import { enumValues } from "@shared/contracts/enums.ts";
import { openDatabase, type OpenedDatabase } from "@shared/db/database.ts";
import { tempDir } from "@shared/testing/temp-dir.ts";
import { ProviderNames, RequestKind, RequestStatus } from "../../src/db/request-states.ts";

// The committed migrations must accept exactly the values the code's enums have.
const dir = tempDir("lps-schema-");
let database: OpenedDatabase;
beforeAll(() => {
  database = openDatabase(join(dir.path, "schema.sqlite"), join(import.meta.dir, "../../src/db/migrations"));
});
afterAll(() => {
  database.close();
  dir.remove();
});

let n = 0;
function insert(values: { status?: string; kind?: string; provider?: string; priority?: number }) {
  database.sqlite
    .query(
      `INSERT INTO llm_requests (request_id, kind, status, provider, model, priority, enqueued_at_ms, callback_topic, correlation_id, created_at)
       VALUES (?, ?, ?, ?, 'm', ?, 0, 't', 'c', 't')`,
    )
    .run(`r-${++n}`, values.kind ?? RequestKind.COMPARISON, values.status ?? RequestStatus.QUEUED, values.provider ?? "local", values.priority ?? 5);
}

describe("llm_requests columns follow the code's enums", () => {
  test("every status, kind and provider inserts; anything else is refused", () => {
    for (const status of enumValues(RequestStatus)) insert({ status });
    for (const kind of enumValues(RequestKind)) insert({ kind });
    for (const provider of enumValues(ProviderNames)) insert({ provider });
    expect(() => insert({ status: "half_done" })).toThrow(/CHECK constraint failed/);
    expect(() => insert({ kind: "essay" })).toThrow(/CHECK constraint failed/);
    expect(() => insert({ provider: "gemini" })).toThrow(/CHECK constraint failed/);
  });

  test("priority is 0..9 as in the contract", () => {
    insert({ priority: 0 });
    insert({ priority: 9 });
    expect(() => insert({ priority: 10 })).toThrow(/CHECK constraint failed/);
    expect(() => insert({ priority: -1 })).toThrow(/CHECK constraint failed/);
  });
});
