import { describe, expect, test } from "bun:test";
import { nlpRefs } from "../../src/domain/result-refs.ts";

const nlp = (metrics: Record<string, number | string | null> | null) => ({
  batch_id: "b", essay_id: "e", status: "success" as const, language: "en" as const, text_storage_id: "t", metrics_storage_id: "m", metrics,
});

describe("nlp result references", () => {
  test("keep finite numeric metrics, drop nulls, strings and non-finite values", () => {
    expect(nlpRefs(nlp({ language: "en", word_count: 120, mtld: null, lix: 41.5, odd: Number.NaN })).nlp).toEqual({
      metrics_storage_id: "m", grammar_storage_id: null, metrics: { word_count: 120, lix: 41.5 },
    });
    expect(nlpRefs(nlp(null)).nlp?.metrics).toEqual({});
  });
});
