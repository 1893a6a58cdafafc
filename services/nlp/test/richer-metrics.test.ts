import { beforeAll, describe, expect, test } from "bun:test";
import { taggerFor, type PartOfSpeechTagger } from "@shared/text-analysis/part-of-speech.ts";
import { zipfLookupFor, type ZipfLookup } from "@shared/text-analysis/word-frequency.ts";
import { computeTextMetrics } from "../src/domain/text-metrics.ts";

let zipf: ZipfLookup;
let tagger: PartOfSpeechTagger;
beforeAll(async () => {
  zipf = (await zipfLookupFor("en"))!;
  tagger = (await taggerFor("en"))!;
});

describe("computeTextMetrics: frequency, density, cohesion and syntax", () => {
  test("frequency profile with a hand-made lookup: mean Zipf and rare share of words over three letters", () => {
    const lookup = (w: string) => ({ house: 5, bought: 4, castle: 2 } as Record<string, number>)[w];
    // "house" 5, "castle" 2, "bought" 4; "they", "the", "a" too short; "xqzv" unlisted.
    const m = computeTextMetrics("They bought the house. A castle xqzv.", "en", { zipf: lookup });
    expect(m.mean_zipf).toBeCloseTo(11 / 3, 10);
    expect(m.rare_word_share).toBeCloseTo(1 / 3, 10);
    expect(computeTextMetrics("They bought the house.", "en").mean_zipf).toBeNull();
  });

  test("SUBTLEX: everyday words score higher than academic ones", () => {
    const plain = computeTextMetrics("We went home and had some food with our friends.", "en", { zipf });
    const academic = computeTextMetrics("Regulatory frameworks necessitate comprehensive longitudinal evaluation.", "en", { zipf });
    expect(plain.mean_zipf!).toBeGreaterThan(academic.mean_zipf!);
    expect(academic.rare_word_share!).toBeGreaterThan(plain.rare_word_share!);
  });

  test("lexical density: tagger for English, function-word list for Swedish", () => {
    // wink tags: DET ADJ NOUN VERB ADV → 4 content words of 5.
    expect(computeTextMetrics("The old dog barked loudly.", "en", { tagger }).lexical_density).toBeCloseTo(4 / 5, 10);
    // "jag" and "och" are function words: läser, böcker, skriver, dikter of 6.
    expect(computeTextMetrics("Jag läser böcker och skriver dikter.", "sv").lexical_density).toBeCloseTo(4 / 6, 10);
  });

  test("cohesion: connectives per sentence and overlap of neighbouring sentences", () => {
    const m = computeTextMetrics("The dog barked. However, the dog left. For example, birds sang.", "en");
    expect(m.connectives_per_sentence).toBeCloseTo(2 / 3, 10);
    // Stems: {dog, bark}, {howev, dog, left}, {example, bird, sang}: sentence 2 shares "dog" (1/3), 3 nothing.
    expect(m.adjacent_sentence_overlap).toBeCloseTo((1 / 3 + 0) / 2, 10);
    expect(computeTextMetrics("Därför gick vi hem. Dessutom regnade det.", "sv").connectives_per_sentence).toBe(1);
  });

  test("syntactic complexity from the tagger: subordinators and verbs per sentence, adjectives per noun", () => {
    // wink: PRON VERB ADV SCONJ PRON VERB | DET ADJ NOUN VERB.
    const m = computeTextMetrics("I stayed home because it rained. The old dog slept.", "en", { tagger });
    expect(m.subordinators_per_sentence).toBe(0.5);
    expect(m.verbs_per_sentence).toBe(1.5);
    expect(m.adjectives_per_noun).toBe(1);
    expect(computeTextMetrics("Jag läser.", "sv").subordinators_per_sentence).toBeNull();
  });

  test("HD-D is null under 42 words and ranks repetition below variety", () => {
    expect(computeTextMetrics("Short text.", "en").hdd).toBeNull();
    const repetitive = computeTextMetrics("the dog saw the cat and the cat saw the dog. ".repeat(5), "en").hdd!;
    const varied = computeTextMetrics(Array.from({ length: 50 }, (_, i) => `word${String.fromCharCode(97 + (i % 26))}${i}`).join(" "), "en").hdd!;
    expect(repetitive).toBeLessThan(varied);
  });
});
