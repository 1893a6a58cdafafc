/**
 * The pupils' names of a batch's class roster, as words the spellchecker must leave alone. Matched
 * case-insensitively; a double name counts whole and by its parts ("Anna-Karin", "Anna", "Karin");
 * possessives count as the name ("Anna's", "Anna’s", Swedish and apostrophe-less "Annas", "Kalles").
 *
 * @example rosterNames(["Anna-Karin", "Öberg"]).has("Karins") // true
 */
export interface RosterNames {
  has(word: string): boolean;
  readonly size: number;
}

// Initials ("J.") and stray letters are no names worth protecting.
const MIN_NAME_LENGTH = 2;
const POSSESSIVE_ENDINGS = ["'s", "’s", "s", "'", "’"] as const;
const WORD_SEPARATORS = /[\s\-‐‑–]+/u;

const fold = (word: string) => word.normalize("NFC").toLocaleLowerCase();
const longEnough = (word: string) => Array.from(word).length >= MIN_NAME_LENGTH;

export const NO_ROSTER_NAMES: RosterNames = { has: () => false, size: 0 };

/** The name set of a roster's first and last names (each may hold several words: "Anna-Karin", "Van der Berg"). */
export function rosterNames(names: readonly string[]): RosterNames {
  const words = new Set<string>();
  for (const name of names) {
    for (const whole of fold(name.trim()).split(/\s+/u)) {
      const word = whole.replace(/^[^\p{L}]+|[^\p{L}]+$/gu, "");
      if (longEnough(word)) words.add(word);
      for (const part of word.split(WORD_SEPARATORS)) if (longEnough(part)) words.add(part);
    }
  }
  if (words.size === 0) return NO_ROSTER_NAMES;
  return {
    size: words.size,
    has(word) {
      const folded = fold(word);
      if (words.has(folded)) return true;
      return POSSESSIVE_ENDINGS.some((ending) => {
        if (!folded.endsWith(ending)) return false;
        const base = folded.slice(0, -ending.length);
        return longEnough(base) && words.has(base);
      });
    },
  };
}
