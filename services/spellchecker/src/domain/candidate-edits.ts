/**
 * Strings one typing error away from `word` (deletion, adjacent swap, substitution, insertion
 * over `alphabet`), plus up to two doubled-letter slips ("tommorow" → "tomorrow").
 * We generate these ourselves instead of calling nspell's `suggest`, whose second search level
 * takes up to a second and a half on a word with no close match; corrections that far away are
 * never confident enough to apply anyway.
 *
 * @example oneEditAway("teh", "eht").has("the") // true
 */
export function oneEditAway(word: string, alphabet: string): Set<string> {
  const chars = Array.from(word);
  const letters = Array.from(new Set(Array.from(alphabet)));
  const out = new Set<string>();
  for (let i = 0; i <= chars.length; i++) {
    const head = chars.slice(0, i).join("");
    const tail = chars.slice(i).join("");
    const rest = chars.slice(i + 1).join("");
    if (i < chars.length) {
      out.add(head + rest);
      const next = chars[i + 1];
      if (next !== undefined && next !== chars[i]) out.add(head + next + chars[i] + chars.slice(i + 2).join(""));
      for (const letter of letters) if (letter !== chars[i]) out.add(head + letter + rest);
    }
    for (const letter of letters) out.add(head + letter + tail);
  }
  for (const once of doubledLetterEdits(word)) {
    out.add(once);
    for (const twice of doubledLetterEdits(once)) out.add(twice);
  }
  out.delete(word);
  return out;
}

/** Each way of doubling a single letter or undoubling a double one. */
function doubledLetterEdits(word: string): string[] {
  const chars = Array.from(word);
  const out: string[] = [];
  for (let i = 0; i < chars.length; i++) {
    const ch = chars[i] as string;
    const head = chars.slice(0, i).join("");
    if (chars[i + 1] === ch) {
      out.push(head + chars.slice(i + 1).join(""));
    } else if (chars[i - 1] !== ch) {
      out.push(head + ch + chars.slice(i).join(""));
    }
  }
  return out;
}
