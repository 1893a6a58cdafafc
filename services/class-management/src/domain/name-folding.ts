/**
 * Fold a name for comparison: lower case, Swedish and other diacritics removed (å/ä → a, ö/ø → o,
 * é → e, æ → ae), punctuation dropped; hyphens and spaces split tokens ("Anna-Karin" → anna, karin).
 * @example nameTokens("Åsa Lindén") // ["asa", "linden"]
 */
export function nameTokens(name: string): string[] {
  const folded = name
    .toLowerCase()
    .replaceAll("æ", "ae").replaceAll("ø", "o").replaceAll("ß", "ss")
    .normalize("NFD")
    .replace(/[\u0300-\u036f]/g, "");
  return folded.split(/[^a-z]+/).filter((t) => t.length > 0);
}

/** Levenshtein similarity in [0, 1] (1 = equal). */
export function similarity(a: string, b: string): number {
  if (a === b) return 1;
  if (!a.length || !b.length) return 0;
  let previous = Array.from({ length: b.length + 1 }, (_, i) => i);
  for (let i = 1; i <= a.length; i++) {
    const current = [i];
    for (let j = 1; j <= b.length; j++) {
      const cost = a[i - 1] === b[j - 1] ? 0 : 1;
      current[j] = Math.min((previous[j] ?? 0) + 1, (current[j - 1] ?? 0) + 1, (previous[j - 1] ?? 0) + cost);
    }
    previous = current;
  }
  return 1 - (previous[b.length] ?? 0) / Math.max(a.length, b.length);
}
