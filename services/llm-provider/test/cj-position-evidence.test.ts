import { expect, test } from "bun:test";
import { cjPositionEvidence } from "../src/domain/feedback-writer/cj-position.ts";
import { writeLocalFeedback } from "../src/providers/local-feedback-writer.ts";

const TEXT = "my summer was long and warm. we went to the lake every day and swam for hours. in the evenings we played cards with my grandparents. it was the best summer i can remember.";

test("an essay CJ ranked 20th of 25: its first focus area carries the place (source cj), no other area repeats it", async () => {
  const { result } = await writeLocalFeedback({
    essay_text: TEXT, language: "en", corrections: { total: 0, examples: [] },
    metrics: { spelling_correction_count: 0, cj_rank: 20, cj_ranked_essays: 25, cj_score_z: -0.9 },
  });
  const [first, ...rest] = result.feedback!.focus_areas;
  expect(first!.evidence.filter((e) => e.source === "cj")).toEqual([{ signal: "cj_percentile", value: 0.208, expected: 0.5, z: -0.9, source: "cj" }]);
  for (const area of rest) expect(area.evidence.some((e) => e.source === "cj")).toBe(false);
});

test("without a CJ position in the same pipeline there is no cj evidence", async () => {
  const { result } = await writeLocalFeedback({ essay_text: TEXT, language: "en", corrections: { total: 0, examples: [] }, metrics: { spelling_correction_count: 0 } });
  expect(result.feedback!.focus_areas.flatMap((f) => f.evidence).some((e) => e.source === "cj")).toBe(false);
});

test("the place: first is 1, last is 0; a ranking of one essay or a rank outside it is no evidence", () => {
  expect(cjPositionEvidence({ cj_rank: 1, cj_ranked_essays: 5 })).toEqual({ signal: "cj_percentile", value: 1, expected: 0.5, z: null, source: "cj" });
  expect(cjPositionEvidence({ cj_rank: 5, cj_ranked_essays: 5 })?.value).toBe(0);
  expect(cjPositionEvidence({ cj_rank: 1, cj_ranked_essays: 1 })).toBeNull();
  expect(cjPositionEvidence({ cj_rank: 6, cj_ranked_essays: 5 })).toBeNull();
  expect(cjPositionEvidence({ cj_ranked_essays: 5 })).toBeNull();
});
