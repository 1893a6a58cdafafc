import { afterAll, beforeAll, describe, expect, test } from "bun:test";
import { join } from "node:path";
import { openDatabase, type OpenedDatabase } from "@shared/db/database.ts";
import { tempDir } from "@shared/testing/temp-dir.ts";
import { essayContext, recordMetrics } from "../src/db/essay-context.ts";
import { eraseEssayFeedbackState, essayFeedbackStorageIds, feedbackStorageIds } from "../src/db/feedback-erasure.ts";

// The NLP phase's grammar check is known to ai-feedback by its storage id only: it is passed on to
// LPS and erased with the batch or the essay.
const dir = tempDir("ai-feedback-grammar-");
let database: OpenedDatabase;
beforeAll(() => {
  database = openDatabase(join(dir.path, "feedback.sqlite"), join(import.meta.dir, "../src/db/migrations"));
});
afterAll(() => {
  database.close();
  dir.remove();
});

describe("grammar check storage ids", () => {
  test("the newest NLP result's id is the essay's; older results do not overwrite it", () => {
    recordMetrics(database.db, { essayId: "e1", batchId: "b1", metrics: { word_count: 10 }, grammarStorageId: "g-new", observedAt: "2030-01-02T00:00:00.000Z" });
    recordMetrics(database.db, { essayId: "e1", batchId: "b1", metrics: { word_count: 9 }, grammarStorageId: "g-old", observedAt: "2030-01-01T00:00:00.000Z" });
    expect(essayContext(database.db, "e1", "b1").grammarStorageId).toBe("g-new");
    recordMetrics(database.db, { essayId: "e2", batchId: "b1", metrics: { word_count: 10 }, grammarStorageId: null, observedAt: "2030-01-01T00:00:00.000Z" });
    expect(essayContext(database.db, "e2", "b1").grammarStorageId).toBeNull();
    expect(essayContext(database.db, "e3", "b1").grammarStorageId).toBeNull();
  });

  test("batch and essay erasure list the grammar checks", () => {
    recordMetrics(database.db, { essayId: "e4", batchId: "b2", metrics: { word_count: 10 }, grammarStorageId: "g-4", observedAt: "2030-01-01T00:00:00.000Z" });
    expect(feedbackStorageIds(database.db, "b1")).toEqual(["g-new"]);
    expect(feedbackStorageIds(database.db, "b2")).toEqual(["g-4"]);
    expect(essayFeedbackStorageIds(database.db, "e4")).toEqual(["g-4"]);
    eraseEssayFeedbackState(database.db, "e4");
    expect(essayFeedbackStorageIds(database.db, "e4")).toEqual([]);
  });
});
