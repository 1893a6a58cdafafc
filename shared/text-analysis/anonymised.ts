/**
 * Anonymised corpora replace names, places and numbers with tokens such as `@PERSON1`, `@CAPS2`,
 * `@NUM3`. They are not words the student misspelled or chose: numbers become a digit, everything
 * else a capitalised placeholder name, which the spelling check and vocabulary measures skip.
 */
const NUMERIC_KINDS = new Set(["NUM", "PERCENT", "MONEY", "TIME", "DATE"]);

export const PLACEHOLDER_NAME = "Nomen";

const ANONYMISED = /@([A-Z]+)\d*/g;

/**
 * @example normaliseAnonymisedTokens("Dear @PERSON1, I am @NUM1.") // "Dear Nomen, I am 7."
 */
export function normaliseAnonymisedTokens(text: string): string {
  return text.replace(ANONYMISED, (_match, kind: string) => (NUMERIC_KINDS.has(kind) ? "7" : PLACEHOLDER_NAME));
}
