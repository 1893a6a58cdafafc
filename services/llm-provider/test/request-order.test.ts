// The queue is first come, first served within a priority: requests queued in the same millisecond
// are taken (and bundled) in the order they arrived, whatever their ids.
import { afterAll, expect, test } from "bun:test";
import { join } from "node:path";
import { openDatabase } from "@shared/db/database.ts";
import { tempDir } from "@shared/testing/temp-dir.ts";
import { createRequestRepository, type NewRequestRow } from "../src/db/request-repository.ts";

const dir = tempDir("lps-order-");
const opened = openDatabase(join(dir.path, "lps.sqlite"), join(import.meta.dir, "../src/db/migrations"));
afterAll(() => {
  opened.close();
  dir.remove();
});

function row(requestId: string, priority = 5): NewRequestRow {
  return {
    requestId, kind: "comparison", provider: "local", model: "local-judge", priority, expiresAtMs: null, enqueuedAtMs: 1_000,
    bundleKey: "same-task", callbackTopic: "t", correlationId: "c", payload: { kind: "comparison", request: { metadata: {} } } as unknown as NewRequestRow["payload"], createdAt: "t",
  };
}

test("same-millisecond requests are taken in arrival order, not id order; a more urgent one still goes first", () => {
  const repo = createRequestRepository(opened.db);
  for (const id of ["zeta", "alpha", "mike", "bravo"]) expect(repo.insertQueued(opened.db, row(id))).toBe(true);
  expect(repo.insertQueued(opened.db, row("yankee", 1))).toBe(true);
  expect(repo.take(2_000, () => ({ limit: 1, with: "bundle" })).map((r) => r.requestId)).toEqual(["yankee"]);
  expect(repo.take(2_000, () => ({ limit: 3, with: "bundle" })).map((r) => r.requestId)).toEqual(["zeta", "alpha", "mike"]);
  expect(repo.take(2_000, () => ({ limit: 3, with: "bundle" })).map((r) => r.requestId)).toEqual(["bravo"]);
});
