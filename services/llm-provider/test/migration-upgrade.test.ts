// A queue written before migrations 0001 (batch_id) and 0002 (payloads beside the rows) upgrades
// with every request intact: its batch id read from the payload, its payload moved to
// llm_request_payloads, and the upgraded rows are taken and found like new ones.
import { afterAll, expect, test } from "bun:test";
import { join } from "node:path";
import { openDatabase } from "@shared/db/database.ts";
import { earlierMigrations } from "@shared/testing/earlier-migrations.ts";
import { tempDir } from "@shared/testing/temp-dir.ts";
import { createRequestRepository } from "../src/db/request-repository.ts";
import { eraseBatchRequests } from "../src/db/request-erasure.ts";

const MIGRATIONS = join(import.meta.dir, "../src/db/migrations");
const dir = tempDir("lps-upgrade-");
afterAll(() => dir.remove());

const firstMigrationOnly = () => earlierMigrations(MIGRATIONS, 1, dir.path);

const payload = (id: string, batchId?: string) => JSON.stringify({
  kind: "comparison",
  request: { request_id: id, language: "en", instructions: "x", callback_topic: "t", priority: 5, metadata: batchId ? { batch_id: batchId } : {},
    essay_a: { id: "a", text: `text A of ${id}` }, essay_b: { id: "b", text: `text B of ${id}` } },
});

test("an existing queue upgrades: batch ids backfilled, payloads moved beside their rows, rows taken and erased as before", () => {
  const path = join(dir.path, "lps.sqlite");
  const old = openDatabase(path, firstMigrationOnly());
  const insert = old.sqlite.query(`INSERT INTO llm_requests (request_id, kind, status, provider, model, priority, enqueued_at_ms, callback_topic, correlation_id, payload, created_at)
    VALUES (?, 'comparison', ?, 'local', 'local-judge', 5, ?, 't', 'c', ?, 't')`);
  insert.run("q1", "queued", 1, payload("q1", "b1"));
  insert.run("q2", "queued", 2, payload("q2"));
  insert.run("done", "succeeded", 0, payload("done", "b1"));
  old.close();

  const upgraded = openDatabase(path, MIGRATIONS);
  try {
    const { sqlite, db } = upgraded;
    expect(sqlite.query("SELECT request_id, batch_id FROM llm_requests ORDER BY request_id").all())
      .toEqual([{ request_id: "done", batch_id: "b1" }, { request_id: "q1", batch_id: "b1" }, { request_id: "q2", batch_id: null }]);
    expect(sqlite.query("SELECT name FROM pragma_table_info('llm_requests') WHERE name = 'payload'").all()).toEqual([]);
    expect(sqlite.query("SELECT count(*) AS n FROM llm_request_payloads").get()).toEqual({ n: 3 });
    const repo = createRequestRepository(db);
    const taken = repo.take(10, () => ({ limit: 5, with: "kind" }));
    expect(taken.map((r) => r.requestId)).toEqual(["q1", "q2"]);
    expect(taken[0]!.payload).toEqual(JSON.parse(payload("q1", "b1")));
    const done = repo.find("done")?.payload;
    expect(done?.kind === "comparison" ? done.request.essay_a.id : undefined).toBe("a");
    expect(db.transaction((tx) => eraseBatchRequests(tx, "b1"))).toBe(2);
    expect(sqlite.query("SELECT request_id FROM llm_request_payloads").all()).toEqual([{ request_id: "q2" }]);
  } finally {
    upgraded.close();
  }
});
