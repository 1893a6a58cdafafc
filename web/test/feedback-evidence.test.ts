import { expect, test } from "bun:test";
import { evidenceLine } from "../src/results/feedback-evidence.ts";

test("a focus area's evidence reads as value beside expectation, shares as percentages, in the UI's language", () => {
  expect(evidenceLine({ signal: "lowercase_start_share", value: 1, expected: 0.118, z: -4, source: "text" }, "en"))
    .toBe("sentences starting lower-case: 100 % (expected 12 %)");
  expect(evidenceLine({ signal: "spelling_corrections_per_100_words", value: 6.12, expected: 1.585, z: -2.1, source: "spellcheck" }, "sv"))
    .toBe("stavningsrättelser per 100 ord: 6.1 (förväntat 1.6)");
  expect(evidenceLine({ signal: "some_new_metric", value: 42.4, expected: null, z: null, source: "nlp" }, "en")).toBe("some new metric: 42");
});

test("the judge's contributions read as its weighing of the feature, signed, beside what is expected; the CJ place as a share", () => {
  expect(evidenceLine({ signal: "judge:log_words", value: -1.523, expected: 0.331, z: -2.1, source: "model" }, "en"))
    .toBe("the judge's weighing of length (log words): −1.52 (expected +0.33)");
  // A share feature's contribution is not a share: no percentages.
  expect(evidenceLine({ signal: "judge:lowercase_start_share", value: -0.52, expected: 0, z: -2.3, source: "model" }, "sv"))
    .toBe("bedömningsmodellens vägning av meningar med liten begynnelsebokstav: −0.52 (förväntat 0.00)");
  expect(evidenceLine({ signal: "judge:word_class_patterns", value: -0.314, expected: 0, z: null, source: "model" }, "en"))
    .toBe("the judge's weighing of word-class patterns: −0.31 (expected 0.00)");
  expect(evidenceLine({ signal: "cj_percentile", value: 0.75, expected: 0.5, z: 0.8, source: "cj" }, "en")).toBe("comparative judgement: ranked above 75 % of the other essays");
});
