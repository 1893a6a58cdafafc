import { describe, expect, test } from "bun:test";
import * as v from "valibot";
import type { FeedbackEvidence, StructuredFeedback } from "@shared/contracts/feedback.ts";
import { StructuredFeedbackSchema } from "@shared/contracts/feedback.ts";
import { type FeatureName, measureEssay } from "@shared/text-analysis/essay-profile.ts";
import { JUDGE_SIGNAL_PREFIX, judgeContributions, judgeFeatureDimension, WORD_CLASS_PATTERNS } from "../src/domain/feedback-writer/judge-evidence.ts";
import { writeStructuredFeedback } from "../src/domain/feedback-writer/write-feedback.ts";
import { KNOWN_FEATURES } from "../src/domain/judge-model.ts";
import { feedbackModel } from "../src/providers/feedback-model.ts";
import { feedbackTextResources } from "../src/providers/feedback-resources.ts";
import { judgeModelFor } from "../src/providers/judge-models.ts";
import { writeLocalFeedback } from "../src/providers/local-feedback-writer.ts";

// A class whose essays run to about 250 words.
const CLASS_NORMS = {
  spelling_corrections_per_100_words: { mean: 1, sd: 1, n: 25 },
  log_words: { mean: Math.log(250), sd: 0.35, n: 25 },
};

const SHORT = "I like my school because the teachers are nice. However, the lunch is not very good. For example, yesterday we had cold soup. Also, the library is small, so I read at home instead.";
const BARE = "I like my school. The teachers are nice. We have a big library and I read there.";
const NO_CAPITALS = "my summer was long and warm. we went to the lake every day and swam for hours. in the evenings we played cards with my grandparents. it was the best summer i can remember.";
const RUN_ON = "When we came home from the long trip to the mountains where we had been skiing for a whole week with our cousins and their friends who live in the north we were so tired that we went to bed at once and slept for twelve hours because the trip had been long and the roads were full of snow and ice and the car was very slow.";
const EDITED = ["homework", "the timetable", "school meals"].map((topic) =>
  `Many schools are now discussing whether ${topic} should change. Supporters argue that the change would help students, because it gives them more time to think. ` +
  `However, critics point out that teachers would need training, which costs money and takes time.`).join("\n\n");

const judgeItems = (evidence: readonly FeedbackEvidence[]) => evidence.filter((e) => e.signal.startsWith(JUDGE_SIGNAL_PREFIX));
const featureOf = (e: FeedbackEvidence) => e.signal.slice(JUDGE_SIGNAL_PREFIX.length);
const dimensionOf = (feature: string) => (feature === WORD_CLASS_PATTERNS ? "syntax" : judgeFeatureDimension(feature as FeatureName));
// Fitted against the way a teacher reads them (English judge): never shown alone.
const AGAINST_DIRECTION = ["log_paragraphs", "connectives_per_sentence", "mean_sentence_length", "long_sentence_share", "long_word_share", "rare_word_share", "repeated_word_rate"];

async function local(essay_text: string, metrics: Record<string, number> = { spelling_correction_count: 0 }): Promise<StructuredFeedback> {
  const { result } = await writeLocalFeedback({ essay_text, language: "en", corrections: { total: 0, examples: [] }, metrics, batch_norms: CLASS_NORMS });
  return v.parse(StructuredFeedbackSchema, result.feedback);
}

describe("the judge's feature contributions as focus-area evidence", () => {
  test("a short, undeveloped text: its development focus area names the judge's length feature, pulling it down", async () => {
    const feedback = await local(SHORT);
    const development = feedback.focus_areas.find((f) => f.dimension === "development");
    expect(development).toBeDefined();
    const length = judgeItems(development!.evidence).find((e) => e.signal === `${JUDGE_SIGNAL_PREFIX}log_words`);
    expect(length).toMatchObject({ source: "model" });
    expect(length!.value).toBeLessThan(0);
    // Read against the class's mean contribution: its essays are longer than the judge's training mean.
    expect(length!.expected!).toBeGreaterThan(0);
    expect(length!.z!).toBeLessThan(0);
  });

  test("every judge item of a focus area is a feature of the dimension it names, and pulls the essay below its reference", async () => {
    let seen = 0;
    for (const text of [SHORT, BARE, NO_CAPITALS, RUN_ON, EDITED]) {
      for (const area of (await local(text)).focus_areas) {
        for (const e of judgeItems(area.evidence)) {
          seen += 1;
          expect(dimensionOf(featureOf(e))).toBe(area.dimension);
          expect(AGAINST_DIRECTION).not.toContain(featureOf(e));
          expect(e.value).toBeLessThan(e.expected!);
          expect(e.source).toBe("model");
        }
      }
    }
    expect(seen).toBeGreaterThan(1);
  });

  test("the judge changes only the evidence: the same focus areas, strengths and examples with it and without it", async () => {
    const resources = await feedbackTextResources("en");
    for (const essay of [SHORT, BARE, NO_CAPITALS, RUN_ON, EDITED]) {
      const input = {
        essay, language: "en" as const, profile: measureEssay(essay, "en", resources), metrics: {}, corrections: [], correctionCount: 0,
        grammar: null, batchNorms: CLASS_NORMS, model: feedbackModel(),
      };
      const without = writeStructuredFeedback(input);
      const withJudge = writeStructuredFeedback({ ...input, judge: judgeModelFor("en") });
      const strip = (f: StructuredFeedback) => ({ ...f, focus_areas: f.focus_areas.map((a) => ({ ...a, evidence: a.evidence.filter((e) => !e.signal.startsWith(JUDGE_SIGNAL_PREFIX)) })) });
      expect(strip(withJudge.feedback)).toEqual(without.feedback);
      expect(withJudge.ranking).toEqual(without.ranking);
    }
  });

  test("a Swedish text reads the Swedish judge: its no-capitals conventions area carries the lower-case feature", async () => {
    const text = "jag tycker att skolan borde börja senare. eleverna är trötta på morgonen och lär sig mindre. därför borde lektionerna börja klockan nio.";
    const { result } = await writeLocalFeedback({ essay_text: text, language: "sv", corrections: { total: 0, examples: [] }, metrics: { spelling_correction_count: 0 } });
    const conventions = result.feedback!.focus_areas.find((f) => f.dimension === "conventions");
    expect(judgeItems(conventions!.evidence).map((e) => e.signal)).toContain(`${JUDGE_SIGNAL_PREFIX}lowercase_start_share`);
  });
});

describe("judgeContributions", () => {
  test("against the batch's mean contribution where the batch has a norm for the feature, else the training mean's (zero)", async () => {
    const judge = judgeModelFor("en");
    const profile = measureEssay(SHORT, "en", await feedbackTextResources("en"));
    const term = (name: string) => judge.terms.find((t) => t.name === name)!;
    const alone = new Map(judgeContributions(judge, profile).map((c) => [c.feature, c]));
    const inBatch = new Map(judgeContributions(judge, profile, CLASS_NORMS).map((c) => [c.feature, c]));
    const words = term("log_words");
    expect(alone.get("log_words")!.expected).toBe(0);
    expect(inBatch.get("log_words")!.expected).toBeCloseTo((words.weight * (Math.log(250) - words.mean)) / words.sd, 9);
    // The contribution itself is the model's own, whatever the batch.
    expect(inBatch.get("log_words")!.contribution).toBeCloseTo(judge.contributions(profile).get("log_words")!, 9);
    // No batch norm travels for the sentence spread: it stays against the training mean.
    expect(inBatch.get("sentence_length_sd")!.expected).toBe(0);
    // Weights against their teaching direction, and the length hinges, are never evidence; the tag terms come as one sum.
    for (const f of [...AGAINST_DIRECTION, "length_beyond_150", "pos_noun"]) expect(inBatch.has(f as FeatureName)).toBe(false);
    let tags = 0;
    for (const [name, c] of judge.contributions(profile)) if (name.startsWith("pos_") || name.startsWith("bigram_")) tags += c;
    expect(inBatch.get(WORD_CLASS_PATTERNS)).toMatchObject({ dimension: "syntax", contribution: expect.closeTo(tags, 9), expected: 0, z: null });
  });

  test("every feature a coefficients file may name has a dimension", () => {
    for (const name of KNOWN_FEATURES) expect(judgeFeatureDimension(name)).toBeDefined();
  });
});
