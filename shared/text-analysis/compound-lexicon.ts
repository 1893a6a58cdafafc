/**
 * Swedish writes compounds as one word ("skärmtid", "mobilförbudet") and Hunspell builds them
 * from flagged parts (COMPOUNDBEGIN / COMPOUNDMIDDLE). nspell does not implement those flags, so
 * we read the parts from the affix and dictionary text ourselves and recognise compounds that
 * the word list lacks. Single-character flags only (the default Hunspell FLAG mode).
 */
export interface CompoundLexicon {
  /** Forms that may open a compound ("skärm", "fotbolls", "vecko"). */
  readonly heads: ReadonlySet<string>;
  /** Forms that may stand between head and tail ("kunskaps", "samhälls"). */
  readonly middles: ReadonlySet<string>;
}

interface SuffixEntry {
  readonly strip: string;
  readonly add: string;
  readonly continuation: string;
  readonly condition: RegExp;
}

/** Null when the affix file does not compound by flags (e.g. English). */
export function buildCompoundLexicon(affText: string, dicText: string): CompoundLexicon | null {
  const directives = readDirectives(affText);
  const begin = directives.get("COMPOUNDBEGIN");
  const middle = directives.get("COMPOUNDMIDDLE");
  const flagMode = directives.get("FLAG");
  if (begin === undefined || middle === undefined) return null;
  if (flagMode !== undefined && flagMode !== "UTF-8") return null;

  const suffixes = readSuffixRules(affText);
  const heads = new Set<string>();
  const middles = new Set<string>();
  const file = (form: string, flags: string): void => {
    if (flags.includes(begin)) heads.add(form.toLocaleLowerCase());
    if (flags.includes(middle)) middles.add(form.toLocaleLowerCase());
  };

  const lines = dicText.split("\n");
  // The first line of a .dic file is the entry count.
  for (let i = 1; i < lines.length; i++) {
    const entry = parseDicLine(lines[i] ?? "");
    if (entry === null) continue;
    file(entry.word, entry.flags);
    for (const flag of entry.flags) {
      for (const rule of suffixes.get(flag) ?? []) {
        if (!rule.continuation.includes(begin) && !rule.continuation.includes(middle)) continue;
        if (!rule.condition.test(entry.word)) continue;
        if (rule.strip !== "" && !entry.word.endsWith(rule.strip)) continue;
        const stem = rule.strip === "" ? entry.word : entry.word.slice(0, -rule.strip.length);
        file(stem + rule.add, rule.continuation);
      }
    }
  }
  return { heads, middles };
}

const MIN_PART_LENGTH = 3;
const MAX_MIDDLES = 2;

/**
 * True when `word` splits into head + middles + tail, where the tail is a word the speller
 * accepts on its own (it may be inflected: "skärm" + "tiden").
 *
 * @example isPlausibleCompound("skärmtid", lexicon, (w) => speller.correct(w)) // true
 */
export function isPlausibleCompound(
  word: string,
  lexicon: CompoundLexicon,
  isWord: (tail: string) => boolean,
): boolean {
  const lower = word.toLocaleLowerCase();
  if (lower.length < MIN_PART_LENGTH * 2) return false;
  for (let cut = MIN_PART_LENGTH; cut <= lower.length - MIN_PART_LENGTH; cut++) {
    if (lexicon.heads.has(lower.slice(0, cut)) && endsCompound(lower.slice(cut), lexicon, isWord, 0)) {
      return true;
    }
  }
  return false;
}

function endsCompound(
  rest: string,
  lexicon: CompoundLexicon,
  isWord: (tail: string) => boolean,
  middlesUsed: number,
): boolean {
  if (isWord(rest)) return true;
  if (middlesUsed >= MAX_MIDDLES) return false;
  for (let cut = MIN_PART_LENGTH; cut <= rest.length - MIN_PART_LENGTH; cut++) {
    if (lexicon.middles.has(rest.slice(0, cut)) && endsCompound(rest.slice(cut), lexicon, isWord, middlesUsed + 1)) {
      return true;
    }
  }
  return false;
}

function readDirectives(affText: string): Map<string, string> {
  const directives = new Map<string, string>();
  for (const line of affText.split("\n")) {
    const [name, value, ...more] = line.trim().split(/\s+/);
    if (name !== undefined && value !== undefined && more.length === 0 && /^[A-Z]+$/.test(name)) {
      directives.set(name, value);
    }
  }
  return directives;
}

function readSuffixRules(affText: string): Map<string, SuffixEntry[]> {
  const rules = new Map<string, SuffixEntry[]>();
  for (const line of affText.split("\n")) {
    const parts = line.trim().split(/\s+/);
    // Entry lines have five or more fields; the header ("SFX A Y 1") has four.
    if (parts[0] !== "SFX" || parts.length < 5) continue;
    const [, flag = "", strip = "0", affix = "0", condition = "."] = parts;
    const [add = "0", continuation = ""] = affix.split("/");
    const entries = rules.get(flag) ?? [];
    entries.push({
      strip: strip === "0" ? "" : strip,
      add: add === "0" ? "" : add,
      continuation,
      condition: new RegExp(`${condition === "." ? "" : condition}$`, "u"),
    });
    rules.set(flag, entries);
  }
  return rules;
}

function parseDicLine(line: string): { word: string; flags: string } | null {
  const trimmed = line.trim();
  if (trimmed === "" || trimmed.startsWith("#")) return null;
  // A slash escaped with a backslash belongs to the word.
  const slash = trimmed.search(/(?<!\\)\//);
  const rawWord = slash === -1 ? trimmed.split(/\s/)[0] ?? "" : trimmed.slice(0, slash);
  const flags = slash === -1 ? "" : (trimmed.slice(slash + 1).split(/\s/)[0] ?? "");
  const word = rawWord.replace(/\\\//g, "/");
  return word === "" ? null : { word, flags };
}
