import { expect, test } from "bun:test";
import { resultEventIdFor } from "./result-event-id.ts";

const UUID_V5 = /^[0-9a-f]{8}-[0-9a-f]{4}-5[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/;

test("the same request gives the same result id, a version 5 UUID", () => {
  const requestId = crypto.randomUUID();
  expect(resultEventIdFor("nlp", requestId)).toBe(resultEventIdFor("nlp", requestId));
  expect(resultEventIdFor("nlp", requestId)).toMatch(UUID_V5);
});

test("ids differ by service and by request", () => {
  const requestId = crypto.randomUUID();
  const ids = new Set([resultEventIdFor("nlp", requestId), resultEventIdFor("spellchecker", requestId), resultEventIdFor("nlp", crypto.randomUUID())]);
  expect(ids.size).toBe(3);
});

test("ids are stable across releases (results already published keep theirs)", () => {
  expect(resultEventIdFor("nlp", "00000000-0000-4000-8000-000000000001")).toBe("8a2a1991-14dd-56c5-9201-2a51b299ca84");
});
