/**
 * dictionary-en is American English; Swedish schools mostly teach British spelling. A word that
 * is a regular British form of a word the dictionary knows ("colour", "realise", "travelled")
 * must be kept, not "corrected" to American.
 */

const SUFFIX_RULES: ReadonlyArray<readonly [RegExp, string]> = [
  [/our(s|ed|ing|ite|ites|able|less|ful)?$/, "or$1"],
  [/is(e|es|ed|ing|er|ers|ation|ations)$/, "iz$1"],
  [/ys(e|es|ed|ing)$/, "yz$1"],
  [/([^aeiou])re(s|d)?$/, "$1er$2"],
  [/ence(s)?$/, "ense$1"],
  [/ogue(s)?$/, "og$1"],
  [/mme(s)?$/, "m$1"],
  [/ll(ed|ing|er|ers|ery|ous|ously)$/, "l$1"],
  [/geing$/, "ging"],
  [/gement(s)?$/, "gment$1"],
];

const INFIX_RULES: ReadonlyArray<readonly [RegExp, string]> = [
  [/ae/g, "e"],
  [/oe/g, "e"],
  [/grey/g, "gray"],
  [/ou(ld|lt)/g, "o$1"],
];

/** Whole words with no regular pattern; all are standard British forms. */
const BRITISH_WORDS: ReadonlySet<string> = new Set([
  "aeroplane", "aeroplanes", "amongst", "burnt", "cheque", "cheques", "dreamt", "jewellery",
  "kerb", "kerbs", "learnt", "leapt", "maths", "mum", "mums", "practise", "practised",
  "practises", "practising", "pyjamas", "sceptic", "sceptical", "spelt", "spoilt", "storey",
  "storeys", "tyre", "tyres", "whilst", "plough", "ploughs", "programme", "programmes",
]);

/**
 * The American spellings a British form could correspond to (empty when none applies).
 *
 * @example americanCandidates("colour") // ["color"]
 */
export function americanCandidates(word: string): string[] {
  const lower = word.toLocaleLowerCase();
  const out = new Set<string>();
  for (const [pattern, replacement] of [...SUFFIX_RULES, ...INFIX_RULES]) {
    const candidate = lower.replace(pattern, replacement);
    if (candidate !== lower) out.add(candidate);
  }
  return [...out];
}

/** True for a known British form, or one whose American counterpart `isAmerican` accepts. */
export function isBritishSpelling(word: string, isAmerican: (candidate: string) => boolean): boolean {
  if (BRITISH_WORDS.has(word.toLocaleLowerCase())) return true;
  return americanCandidates(word).some(isAmerican);
}
