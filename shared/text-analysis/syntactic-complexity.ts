/** Syntactic complexity measures from part-of-speech tags, per sentence. */
export interface SyntacticComplexity {
  /** Subordinating conjunctions (because, although, when, if …) per sentence: subordinate clauses. */
  readonly subordinators_per_sentence: number;
  /** Full verbs and auxiliaries per sentence: roughly the clauses a sentence holds. */
  readonly verbs_per_sentence: number;
  /** Adjectives per noun: how much noun phrases are modified. */
  readonly adjectives_per_noun: number | null;
}

/**
 * @example syntacticComplexity(["PRON", "VERB", "SCONJ", "PRON", "VERB"], 1).subordinators_per_sentence // 1
 */
export function syntacticComplexity(tags: readonly string[], sentenceCount: number): SyntacticComplexity | null {
  if (sentenceCount === 0 || tags.length === 0) return null;
  const count = (wanted: readonly string[]) => tags.filter((tag) => wanted.includes(tag)).length;
  const nouns = count(["NOUN", "PROPN"]);
  return {
    subordinators_per_sentence: count(["SCONJ"]) / sentenceCount,
    verbs_per_sentence: count(["VERB", "AUX"]) / sentenceCount,
    adjectives_per_noun: nouns === 0 ? null : count(["ADJ"]) / nouns,
  };
}
