import { afterAll, beforeAll, expect, test } from "bun:test";
import { join } from "node:path";
import { enumValues } from "@shared/contracts/enums.ts";
import { openDatabase, type OpenedDatabase } from "@shared/db/database.ts";
import { tempDir } from "@shared/testing/temp-dir.ts";
import { FeedbackRequestStatus } from "../src/domain/feedback-status.ts";

// The committed migrations must accept exactly the values the code's enum has.
const dir = tempDir("ai-feedback-schema-");
let database: OpenedDatabase;
beforeAll(() => {
  database = openDatabase(join(dir.path, "schema.sqlite"), join(import.meta.dir, "../src/db/migrations"));
});
afterAll(() => {
  database.close();
  dir.remove();
});

const insert = (id: string, status: string, eventId = `event-${id}`) =>
  database.sqlite.query(
    `INSERT INTO feedback_requests (request_id, request_event_id, batch_id, essay_id, text_storage_id, correlation_id, status, requested_at)
     VALUES (?, ?, 'b', 'e', 't', 'c', ?, 't')`,
  ).run(id, eventId, status);

test("feedback_requests.status accepts every status and nothing else", () => {
  for (const status of enumValues(FeedbackRequestStatus)) insert(`r-${status}`, status);
  expect(() => insert("r-bogus", "pending")).toThrow(/CHECK constraint failed/);
});

test("one feedback request per request event", () => {
  insert("r-once-1", "requested", "event-once");
  expect(() => insert("r-once-2", "requested", "event-once")).toThrow(/UNIQUE constraint failed/);
});
