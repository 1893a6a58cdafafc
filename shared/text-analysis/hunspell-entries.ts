/**
 * Hunspell keeps homonyms apart: "brukar" is a form of the verb "bruka" and also an entry flagged
 * ONLYINCOMPOUND (the compound part of "brukarråd"). nspell merges every entry of a word into one
 * flag list, so the compound-only flag of one homonym rejects the word everywhere: with
 * dictionary-sv it rejected some 2,700 common forms (älskar, brukar, gatan, spelar). Entries
 * flagged compound-only are compound parts, not words: they are read by the compound lexicon
 * from the full text and left out of the word table handed to nspell.
 *
 * @example withoutCompoundOnlyEntries("ONLYINCOMPOUND Z", "2\nbruka/AN\nbrukar/XZ").dic // "1\nbruka/AN"
 */
export function withoutCompoundOnlyEntries(affText: string, dicText: string): { dic: string; removed: number } {
  const flag = /^ONLYINCOMPOUND\s+(\S+)\s*$/m.exec(affText)?.[1];
  if (flag === undefined) return { dic: dicText, removed: 0 };
  const lines = dicText.split("\n");
  const kept: string[] = [];
  let removed = 0;
  // The first line of a .dic file is the entry count, rewritten below.
  for (const line of lines.slice(1)) {
    if (flagsOf(line).includes(flag)) removed++;
    else kept.push(line);
  }
  const count = kept.filter((line) => line.trim() !== "").length;
  return { dic: [String(count), ...kept].join("\n"), removed };
}

/** The flag string of a .dic line ("" without one); a backslash-escaped slash belongs to the word. */
function flagsOf(line: string): string {
  const slash = line.search(/(?<!\\)\//);
  return slash === -1 ? "" : (line.slice(slash + 1).split(/[\s\t]/)[0] ?? "");
}
