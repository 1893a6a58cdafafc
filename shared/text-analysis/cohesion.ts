import type { Language } from "../contracts/enums.ts";
import { countConnectives } from "./connectives.ts";
import { contentStems } from "./words.ts";

/**
 * Local cohesion: the mean share of a sentence's content stems that the sentence before it also
 * has (0 when no two sentences). Null for fewer than two sentences.
 *
 * @example adjacentSentenceOverlap(["The dog barked.", "The dog left."], "en") // 0.5 ("dog" of dog, left)
 */
export function adjacentSentenceOverlap(sentences: readonly string[], language: Language): number | null {
  if (sentences.length < 2) return null;
  let total = 0;
  let previous = contentStems(sentences[0] ?? "", language);
  for (const sentence of sentences.slice(1)) {
    const current = contentStems(sentence, language);
    let shared = 0;
    for (const stem of current) if (previous.has(stem)) shared++;
    total += current.size === 0 ? 0 : shared / current.size;
    previous = current;
  }
  return total / (sentences.length - 1);
}

/**
 * Discourse connectives ("however", "for example", "därför") per sentence; null without sentences.
 *
 * @example connectivesPerSentence("However, it rained. For example, …", 2, "en") // 1
 */
export function connectivesPerSentence(text: string, sentenceCount: number, language: Language): number | null {
  if (sentenceCount === 0) return null;
  return countConnectives(text.toLowerCase(), language).total / sentenceCount;
}
