import { expect, test } from "bun:test";
import { evidenceLine } from "../src/results/feedback-evidence.ts";

test("a focus area's evidence reads as value beside expectation, shares as percentages, in the UI's language", () => {
  expect(evidenceLine({ signal: "lowercase_start_share", value: 1, expected: 0.118, z: -4, source: "text" }, "en"))
    .toBe("sentences starting lower-case: 100 % (expected 12 %)");
  expect(evidenceLine({ signal: "spelling_corrections_per_100_words", value: 6.12, expected: 1.585, z: -2.1, source: "spellcheck" }, "sv"))
    .toBe("stavningsrättelser per 100 ord: 6.1 (förväntat 1.6)");
  expect(evidenceLine({ signal: "some_new_metric", value: 42.4, expected: null, z: null, source: "nlp" }, "en")).toBe("some new metric: 42");
});
