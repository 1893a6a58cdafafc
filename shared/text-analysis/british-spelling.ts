/**
 * dictionary-en is American English; Swedish schools mostly teach British spelling. A word that
 * is a regular British form of a word the dictionary knows ("colour", "realise", "travelled")
 * must be kept, not "corrected" to American.
 */

// Each rule is as narrow as the British pattern it stands for, so that a misspelling that only
// looks British is not accepted: "-re" follows t, b, v, g or ch (centre, fibre, manoeuvre, meagre, sepulchre),
// "-ence" is "defence", "licence", "pretence", a doubled "l" follows a single vowel (travelled,
// not "detailled"), "-geing" is "ageing" and "bingeing".
const SUFFIX_RULES: ReadonlyArray<readonly [RegExp, string]> = [
  [/our(s|ed|ing|ite|ites|able|less|ful)?$/, "or$1"],
  [/is(e|es|ed|ing|er|ers|ation|ations)$/, "iz$1"],
  [/ys(e|es|ed|ing)$/, "yz$1"],
  [/([tbvg]|ch)re(s|d)?$/, "$1er$2"],
  [/([fct])ence(s)?$/, "$1ense$2"],
  [/ogue(s)?$/, "og$1"],
  [/mme(s)?$/, "m$1"],
  [/((?:^|[^aeiou])[aeiou])ll(ed|ing|er|ers|ery|ous|ously)$/, "$1l$2"],
  [/([an])geing$/, "$1ging"],
  [/gement(s)?$/, "gment$1"],
];

// "mould", "smoulder" and "moult" are the "ou" words.
const INFIX_RULES: ReadonlyArray<readonly [RegExp, string]> = [
  [/grey/g, "gray"],
  [/mou(ld|lt)/g, "mo$1"],
];

// The Greek and Latin "ae" and "oe" of words of six letters or more (anaemia, foetus, manoeuvre,
// diarrhoea) stand before a consonant with a letter after it, or before the "a" or "u" of "oea",
// "oeu": "yaer", "becamae", "suppoed", "poeoples" are slips.
const DIGRAPH_RULES: ReadonlyArray<readonly [RegExp, string]> = [
  [/ae(?=[^aeiou][a-z])/g, "e"],
  [/oe(?=[au]|[^aeiou][a-z])/g, "e"],
];
const DIGRAPH_MIN_LENGTH = 6;

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
  const rules = lower.length < DIGRAPH_MIN_LENGTH ? [...SUFFIX_RULES, ...INFIX_RULES] : [...SUFFIX_RULES, ...INFIX_RULES, ...DIGRAPH_RULES];
  for (const [pattern, replacement] of rules) {
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
