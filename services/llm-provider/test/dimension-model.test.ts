import { describe, expect, test } from "bun:test";
import { dimensionScores, type FeedbackModel, levelOf, standings } from "../src/domain/feedback-writer/dimension-model.ts";

// A hand-made model: level rises with vocabulary (mtld); spelling errors are expected to fall with
// level by 0.8 SD per SD; conventions is the weakest when spelling errors are high for the level.
const model: FeedbackModel = {
  blend_pseudo_essays: 8,
  level_norms: { en: { mtld: { mean: 50, sd: 10 }, spelling_corrections_per_100_words: { mean: 2, sd: 1 } } },
  level: { intercept: 3, weights: { mtld: 0.5 }, mean: 3, sd: 0.5 },
  level_slopes: { spelling_corrections_per_100_words: -0.8 },
  dimensions: {
    conventions: { intercept: 0, level: 0, weights: { spelling_corrections_per_100_words: 1 } },
    vocabulary: { intercept: 0, level: 0, weights: { mtld: -1 } },
  },
  fitted_on: ["test"],
};

describe("dimension model: weakness relative to the essay's level", () => {
  test("the level is read from the z-scores and standardised", () => {
    const st = standings({ mtld: 60, spelling_corrections_per_100_words: 2 }, "en", model);
    expect(levelOf(st, model)).toBeCloseTo(1, 6);
  });
  test("the same spelling rate is a relative weakness in a strong essay and not in a weak one", () => {
    const strong = standings({ mtld: 70, spelling_corrections_per_100_words: 2.5 }, "en", model);
    const weak = standings({ mtld: 30, spelling_corrections_per_100_words: 2.5 }, "en", model);
    expect(strong.get("spelling_corrections_per_100_words")!.z).toBeCloseTo(0.5, 6);
    // Level +2 expects 1.6 SD fewer errors: 0.5 - (-1.6) = 2.1 SD more than expected of it.
    expect(strong.get("spelling_corrections_per_100_words")!.relativeZ).toBeCloseTo(2.1, 6);
    expect(weak.get("spelling_corrections_per_100_words")!.relativeZ).toBeCloseTo(-1.1, 6);
    const strongScores = dimensionScores(strong, model);
    const weakScores = dimensionScores(weak, model);
    expect(strongScores.conventions!).toBeLessThan(strongScores.vocabulary!);
    expect(weakScores.vocabulary!).toBeLessThan(weakScores.conventions!);
  });
  test("batch norms are blended with the level's by essay count", () => {
    const st = standings({ mtld: 60 }, "en", model, { mtld: { mean: 60, sd: 10, n: 8 } });
    expect(st.get("mtld")!.expected).toBeCloseTo(55, 6);
  });
});
