import type { Language } from "@shared/contracts/enums.ts";
import type { EssayProfile, FeatureName } from "@shared/text-analysis/essay-profile.ts";
import type { ComparisonResult, ComparisonTask, Winner } from "./comparison.ts";
import { type JudgeModel, probabilityAWins } from "./judge-model.ts";

/** Highest probability the judge ever states: feature scores are never certain. */
const MAX_CONFIDENCE = 0.99;

/**
 * Decide a pair with the fitted model. Each essay's ability is computed on its own, so swapping A
 * and B swaps the winner and leaves the confidence unchanged; `confidence` is the model's
 * probability that the named winner is the better essay (0.5..0.99). An exact tie is broken by a
 * hash of the texts, never by position.
 * @example judgeFromProfiles(task, measureEssay(a, "en", r), measureEssay(b, "en", r), model).confidence
 */
export function judgeFromProfiles(task: ComparisonTask, a: EssayProfile, b: EssayProfile, model: JudgeModel): ComparisonResult {
  const abilityA = model.ability(a);
  const abilityB = model.ability(b);
  const pA = probabilityAWins(abilityA, abilityB);
  const winner: Winner = abilityA > abilityB ? "essay_a" : abilityA < abilityB ? "essay_b" : tieBreak(task);
  const [won, lost] = winner === "essay_a" ? [a, b] : [b, a];
  const confidence = Math.min(MAX_CONFIDENCE, Math.max(pA, 1 - pA));
  return {
    winner,
    confidence: Math.round(confidence * 1000) / 1000,
    justification: justify(winner, won, lost, model, task.language),
  };
}

function tieBreak(task: ComparisonTask): Winner {
  const ha = fnv1a(task.essay_a.text);
  const hb = fnv1a(task.essay_b.text);
  if (ha !== hb) return ha < hb ? "essay_a" : "essay_b";
  return task.essay_a.id <= task.essay_b.id ? "essay_a" : "essay_b";
}

function fnv1a(text: string): number {
  let h = 0x811c9dc5;
  for (let i = 0; i < text.length; i++) h = Math.imul(h ^ text.charCodeAt(i), 0x01000193) >>> 0;
  return h;
}

/** What a feature says about the stronger essay, per language; features not listed are grouped. */
type Describe = (won: EssayProfile, lost: EssayProfile) => string;
const pct = (x: number | undefined) => `${((x ?? 0) * 100).toFixed(1)}%`;
const num = (x: number | undefined, digits = 1) => (x ?? 0).toFixed(digits);

const ASPECT_OF: Partial<Record<FeatureName, string>> = {
  log_words: "development", length_beyond_150: "development", length_beyond_300: "development",
  length_beyond_500: "development", log_sentences: "development", log_types: "vocabulary",
  log_long_words: "vocabulary", mattr: "vocabulary", mean_word_length: "vocabulary", long_word_share: "vocabulary",
  mean_zipf: "vocabulary", rare_word_share: "vocabulary", spelling_error_rate: "spelling", spelling_beyond_5pct: "spelling", grammar_error_rate: "grammar",
  mean_sentence_length: "sentences", sentence_length_sd: "sentences", long_sentence_share: "sentences",
  commas_per_sentence: "sentences", pos_sconj: "sentences", pos_adp: "sentences", lowercase_start_share: "mechanics",
  lowercase_i_rate: "mechanics", unpunctuated_paragraph_share: "mechanics", repeated_word_rate: "mechanics",
  connectives_per_sentence: "cohesion", distinct_connectives: "cohesion", adjacent_overlap: "cohesion",
  log_paragraphs: "organisation",
};

const DESCRIBE: Record<Language, Record<string, Describe>> = {
  en: {
    development: (w, l) => `a more developed text (${w.wordCount} vs ${l.wordCount} words)`,
    vocabulary: (w, l) =>
      `a richer vocabulary (${num((w.features.long_word_share ?? 0) * 100, 0)}% vs ${num((l.features.long_word_share ?? 0) * 100, 0)}% long words)`,
    spelling: (w, l) => `fewer spelling errors (${pct(w.features.spelling_error_rate)} vs ${pct(l.features.spelling_error_rate)} of words)`,
    grammar: (w, l) =>
      `fewer grammar errors (${num(w.features.grammar_error_rate)} vs ${num(l.features.grammar_error_rate)} per 100 words)`,
    sentences: (w, l) =>
      `better-built sentences (${num(w.features.mean_sentence_length)} vs ${num(l.features.mean_sentence_length)} words on average)`,
    mechanics: () => "more accurate capitalisation and punctuation",
    cohesion: (w, l) =>
      `clearer links between ideas (${num(w.features.connectives_per_sentence, 2)} vs ${num(l.features.connectives_per_sentence, 2)} connectives per sentence)`,
    organisation: (w, l) => `clearer paragraphing (${w.paragraphCount} vs ${l.paragraphCount} paragraphs)`,
    other: () => "a more mature style overall",
  },
  sv: {
    development: (w, l) => `en mer utvecklad text (${w.wordCount} mot ${l.wordCount} ord)`,
    vocabulary: (w, l) =>
      `ett rikare ordförråd (${num((w.features.long_word_share ?? 0) * 100, 0)} % mot ${num((l.features.long_word_share ?? 0) * 100, 0)} % långa ord)`,
    spelling: (w, l) => `färre stavfel (${pct(w.features.spelling_error_rate)} mot ${pct(l.features.spelling_error_rate)} av orden)`,
    // Swedish has no offline grammar checker, so this shows only if a Swedish model ever weighs it.
    grammar: (w, l) => `färre grammatikfel (${num(w.features.grammar_error_rate)} mot ${num(l.features.grammar_error_rate)} per 100 ord)`,
    sentences: (w, l) =>
      `bättre byggda meningar (${num(w.features.mean_sentence_length)} mot ${num(l.features.mean_sentence_length)} ord i genomsnitt)`,
    mechanics: () => "säkrare stor bokstav och interpunktion",
    cohesion: (w, l) =>
      `tydligare samband mellan tankarna (${num(w.features.connectives_per_sentence, 2)} mot ${num(l.features.connectives_per_sentence, 2)} sambandsord per mening)`,
    organisation: (w, l) => `tydligare styckeindelning (${w.paragraphCount} mot ${l.paragraphCount} stycken)`,
    other: () => "en mognare stil överlag",
  },
};

const LABELS: Record<Language, Record<Winner, string>> = {
  en: { essay_a: "Essay A", essay_b: "Essay B" },
  sv: { essay_a: "Text A", essay_b: "Text B" },
};

/** Name the (at most two) aspects whose features moved the verdict most towards the winner. */
function justify(winner: Winner, won: EssayProfile, lost: EssayProfile, model: JudgeModel, language: Language): string {
  const wonParts = model.contributions(won);
  const lostParts = model.contributions(lost);
  const edges = new Map<string, number>();
  for (const [feature, value] of wonParts) {
    const aspect = ASPECT_OF[feature] ?? "other";
    edges.set(aspect, (edges.get(aspect) ?? 0) + value - (lostParts.get(feature) ?? 0));
  }
  const deciding = [...edges]
    .filter(([, edge]) => edge > 0.05)
    .sort((x, y) => y[1] - x[1] || x[0].localeCompare(y[0]))
    .slice(0, 2)
    .map(([aspect]) => DESCRIBE[language][aspect]!(won, lost));
  const label = LABELS[language][winner];
  if (deciding.length === 0) {
    return language === "sv"
      ? `${label} är något starkare; texterna är nästan jämbördiga på alla mätta drag.`
      : `${label} is marginally stronger; the essays are nearly equal on every measured feature.`;
  }
  const joined = deciding.join(language === "sv" ? " och " : " and ");
  return language === "sv" ? `${label} är starkare, med ${joined}.` : `${label} is stronger, with ${joined}.`;
}
