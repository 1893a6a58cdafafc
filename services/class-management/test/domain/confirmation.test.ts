import { expect, test } from "bun:test";
import { settleStudents } from "../../src/domain/confirmation.ts";

const suggestions = [
  { essayId: "e1", suggestedStudentId: "s1", confidence: 0.96 },
  { essayId: "e2", suggestedStudentId: "s2", confidence: 0.6 },
  { essayId: "e3", suggestedStudentId: null, confidence: 0 },
];

test("a timeout accepts only confident suggestions", () => {
  expect([...settleStudents(suggestions, { by: "timeout", autoAcceptConfidence: 0.85 })]).toEqual([["e1", "s1"], ["e2", null], ["e3", null]]);
});
test("a teacher's corrections win; a student moved to another essay leaves the old one unassigned", () => {
  const finals = settleStudents(suggestions, { by: "teacher", corrections: new Map([["e3", "s1"]]) });
  expect(finals.get("e3")).toBe("s1");
  expect(finals.get("e1")).toBeNull();
  expect(finals.get("e2")).toBe("s2");
});
