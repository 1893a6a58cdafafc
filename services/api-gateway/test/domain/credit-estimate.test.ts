import { expect, test } from "bun:test";
import { pipelineCreditNeeds } from "../../src/domain/credit-estimate.ts";

test("the orchestrator's rule: ⌈n·perItem/2⌉ comparisons capped at the pairs (or the batch budget), one feedback text per essay", () => {
  expect(pipelineCreditNeeds("comprehensive", 12, undefined, 12)).toEqual([{ resource: "cj_comparison", quantity: 66 }, { resource: "ai_feedback", quantity: 12 }]);
  expect(pipelineCreditNeeds("cj_assessment", 30, undefined, 12)).toEqual([{ resource: "cj_comparison", quantity: 180 }]);
  expect(pipelineCreditNeeds("cj_assessment", 30, 50, 12)).toEqual([{ resource: "cj_comparison", quantity: 50 }]);
  expect(pipelineCreditNeeds("ai_feedback", 7, undefined, 12)).toEqual([{ resource: "ai_feedback", quantity: 7 }]);
  expect(pipelineCreditNeeds("nlp", 30, undefined, 12)).toEqual([]);
  expect(pipelineCreditNeeds("spellcheck", 1, undefined, 12)).toEqual([]);
});
