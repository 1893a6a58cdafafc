import { describe, expect, expectTypeOf, test } from "bun:test";
import * as v from "valibot";
import type { TopicData } from "@shared/contracts/topics.ts";
import { AssessmentResultPublishedTopic } from "@shared/contracts/events/cj-results.ts";

const valid = {
  batch_id: "b1", user_id: "u1", assignment_id: null, grade_scale: "swedish_a_f", comparisons_made: 6, finish_reason: "budget_reached",
  essays: [{ essay_id: "e1", rank: 1, score: 0.4, standard_error: 0.9, grade: "C", grade_probabilities: { C: 0.7, B: 0.3 }, is_anchor: false }],
  anchors: [{ anchor_id: "a1", grade: "C", score: 0.1 }],
};

describe("AssessmentResultPublished contract", () => {
  test("accepts a full result and refuses anchors among essays, fractional counts and unknown finish reasons", () => {
    expect(v.safeParse(AssessmentResultPublishedTopic.schema, valid).success).toBe(true);
    expect(v.safeParse(AssessmentResultPublishedTopic.schema, { ...valid, essays: [{ ...valid.essays[0], is_anchor: true }] }).success).toBe(false);
    expect(v.safeParse(AssessmentResultPublishedTopic.schema, { ...valid, comparisons_made: 1.5 }).success).toBe(false);
    expect(v.safeParse(AssessmentResultPublishedTopic.schema, { ...valid, finish_reason: "monitor_timeout" }).success).toBe(false);
    expect(AssessmentResultPublishedTopic.name).toBe("huleedu.cj_assessment.result.published.v1");
  });

  test("batch statistics are optional (older producers) and checked when present", () => {
    const statistics = {
      comparisons_made: 6, comparisons_per_essay: 3, soft_outcomes: 6, scale_separation_reliability: 0.8, split_half_reliability: null, expected_rank_agreement: 0.9,
    };
    expect(v.safeParse(AssessmentResultPublishedTopic.schema, { ...valid, finish_reason: "precision_reached", statistics }).success).toBe(true);
    expect(v.safeParse(AssessmentResultPublishedTopic.schema, { ...valid, statistics: { ...statistics, scale_separation_reliability: 1.2 } }).success).toBe(false);
    expect(v.safeParse(AssessmentResultPublishedTopic.schema, { ...valid, statistics: { ...statistics, soft_outcomes: -1 } }).success).toBe(false);
    // The retired stability reason still parses, so events written before it was retired are not poison.
    expect(v.safeParse(AssessmentResultPublishedTopic.schema, { ...valid, finish_reason: "scores_stable" }).success).toBe(true);
  });

  test("consumers see the types they rely on", () => {
    type Result = TopicData<typeof AssessmentResultPublishedTopic>;
    expectTypeOf<Result["essays"][number]["is_anchor"]>().toEqualTypeOf<false>();
    expectTypeOf<Result["essays"][number]["grade"]>().toEqualTypeOf<string | null | undefined>();
    expectTypeOf<Result["finish_reason"]>().toEqualTypeOf<"budget_reached" | "precision_reached" | "pairs_exhausted" | "scores_stable">();
    expectTypeOf<NonNullable<Result["statistics"]>["split_half_reliability"]>().toEqualTypeOf<number | null>();
  });
});
