import type { EssayResult } from "../api/types.ts";

type Structured = NonNullable<NonNullable<EssayResult["ai_feedback"]>["feedback"]>;
export type FeedbackEvidence = Structured["focus_areas"][number]["evidence"][number];

// What the teacher reads for the measured signals most often shown; any other keeps its own name.
const LABELS: Record<"en" | "sv", Record<string, string>> = {
  en: {
    spelling_corrections_per_100_words: "spelling corrections per 100 words", spelling_error_rate: "misspelled words",
    lowercase_start_share: "sentences starting lower-case", lowercase_i_rate: "lower-case “i”", unpunctuated_paragraph_share: "paragraphs without a full stop",
    grammar_issues_per_100_words: "grammar checker findings per 100 words", issues_grammar_per_100_words: "grammar errors per 100 words",
    issues_punctuation_per_100_words: "punctuation findings per 100 words", issues_typography_per_100_words: "typography findings per 100 words",
    distinct_connectives: "different linking words (log)", mean_sentence_length: "words per sentence", sentence_length_sd: "spread of sentence length",
    long_sentence_share: "sentences over 40 words", log_words: "length (log words)", words_per_paragraph: "words per paragraph",
    mtld: "vocabulary diversity (MTLD)", hdd: "vocabulary diversity (HD-D)", mattr: "vocabulary diversity (MATTR)",
    word_choice_per_100_words: "weak word choices per 100 words", prompt_coverage: "prompt words taken up",
    // Features only the judge's items name.
    log_sentences: "number of sentences", adjacent_overlap: "words shared by neighbouring sentences", commas_per_sentence: "commas per sentence",
    log_types: "different words", log_long_words: "long words", mean_word_length: "word length", mean_zipf: "how common the words are",
    word_class_patterns: "word-class patterns", grammar_error_rate: "grammar errors",
  },
  sv: {
    spelling_corrections_per_100_words: "stavningsrättelser per 100 ord", spelling_error_rate: "felstavade ord",
    lowercase_start_share: "meningar med liten begynnelsebokstav", lowercase_i_rate: "litet “i”", unpunctuated_paragraph_share: "stycken utan punkt",
    grammar_issues_per_100_words: "grammatikkontrollens fynd per 100 ord", issues_grammar_per_100_words: "grammatikfel per 100 ord",
    issues_punctuation_per_100_words: "skiljeteckenfynd per 100 ord", issues_typography_per_100_words: "typografifynd per 100 ord",
    distinct_connectives: "olika sambandsord (log)", mean_sentence_length: "ord per mening", sentence_length_sd: "spridning i meningslängd",
    long_sentence_share: "meningar över 40 ord", log_words: "längd (log ord)", words_per_paragraph: "ord per stycke",
    mtld: "ordvariation (MTLD)", hdd: "ordvariation (HD-D)", mattr: "ordvariation (MATTR)",
    word_choice_per_100_words: "svaga ordval per 100 ord", prompt_coverage: "uppgiftens ord som används",
    log_sentences: "antal meningar", adjacent_overlap: "ord som grannmeningar delar", commas_per_sentence: "kommatecken per mening",
    log_types: "olika ord", log_long_words: "långa ord", mean_word_length: "ordlängd", mean_zipf: "hur vanliga orden är",
    word_class_patterns: "ordklassmönster", grammar_error_rate: "grammatikfel",
  },
};
const EXPECTED = { en: "expected", sv: "förväntat" } as const;
// The offline CJ judge's pull on the essay's ability (source "model", signal "judge:<feature>"), in logits.
const JUDGE = { en: (what: string) => `the judge's weighing of ${what}`, sv: (what: string) => `bedömningsmodellens vägning av ${what}` } as const;
// Where the comparative judgement placed the essay (source "cj"): share of the batch's other essays ranked below it.
const CJ_PLACE = {
  en: (pct: number) => `comparative judgement: ranked above ${pct} % of the other essays`,
  sv: (pct: number) => `jämförande bedömning: rankad före ${pct} % av de andra texterna`,
} as const;
const JUDGE_PREFIX = "judge:";

const isShare = (signal: string) => /_(share|rate)$/.test(signal) || signal === "prompt_coverage";
const signedLogit = (x: number) => `${x > 0 ? "+" : x < 0 ? "−" : ""}${Math.abs(x).toFixed(2)}`;
const number = (x: number) => (Math.abs(x) >= 10 ? x.toFixed(0) : Math.abs(x) >= 1 ? x.toFixed(1) : x.toFixed(2));

/**
 * One measured signal as the teacher reads it: what it is, the essay's value and what its batch and
 * level expect.
 * @example evidenceLine({ signal: "lowercase_start_share", value: 1, expected: 0.12, z: -4, source: "text" }, "en") // "sentences starting lower-case: 100 % (expected 12 %)"
 */
export function evidenceLine(e: FeedbackEvidence, lang: "en" | "sv"): string {
  if (e.signal === "cj_percentile") return CJ_PLACE[lang](Math.round(100 * e.value));
  const judged = e.signal.startsWith(JUDGE_PREFIX);
  const signal = judged ? e.signal.slice(JUDGE_PREFIX.length) : e.signal;
  const label = LABELS[lang][signal] ?? signal.replace(/_/g, " ");
  // The judge's items are signed logits; a measured signal is a share (percent) or a number.
  const show = judged ? signedLogit : (x: number) => (isShare(signal) ? `${Math.round(100 * x)} %` : number(x));
  return `${judged ? JUDGE[lang](label) : label}: ${show(e.value)}${e.expected === null ? "" : ` (${EXPECTED[lang]} ${show(e.expected)})`}`;
}
