export type CasePattern = "lower" | "capitalized" | "upper" | "mixed";

/** How a word is cased, so a replacement can be written the same way. */
export function casePatternOf(word: string): CasePattern {
  const lower = word.toLocaleLowerCase();
  const upper = word.toLocaleUpperCase();
  if (word === lower) return "lower";
  // A single capital letter ("I", "Å") reads as capitalised, not shouted.
  if (word === upper && Array.from(word).length > 1) return "upper";
  const [first = "", ...rest] = Array.from(word);
  if (first === first.toLocaleUpperCase() && rest.join("") === rest.join("").toLocaleLowerCase()) {
    return "capitalized";
  }
  return "mixed";
}

/**
 * Writes `replacement` in the case pattern of the word it replaces.
 *
 * @example applyCasePattern("the", "capitalized") // "The"
 */
export function applyCasePattern(replacement: string, pattern: CasePattern): string {
  switch (pattern) {
    case "upper":
      return replacement.toLocaleUpperCase();
    case "capitalized": {
      const [first = "", ...rest] = Array.from(replacement);
      return first.toLocaleUpperCase() + rest.join("");
    }
    case "lower":
    case "mixed":
      return replacement;
  }
}
