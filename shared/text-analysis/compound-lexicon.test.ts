import { describe, expect, test } from "bun:test";
import { buildCompoundLexicon, isPlausibleCompound } from "./compound-lexicon.ts";

// A miniature of dictionary-sv's scheme: X opens a compound, U may sit in the middle,
// suffix rules derive linking forms ("skola" → "skol", "kunskap" → "kunskaps").
const AFF = `SET UTF-8
COMPOUNDBEGIN X
COMPOUNDMIDDLE U
COMPOUNDEND Y
ONLYINCOMPOUND Z

SFX s N 1
SFX s 0 0/WX .

SFX v N 2
SFX v a s/WXZ a
SFX v 0 s/WXZ [^a]

SFX f N 1
SFX f 0 s/WUZ .

SFX y N 1
SFX y a e/WXZ a
`;
const DIC = `7
skärm/sY
tid/XY
kunskap/fvY
samhälle/v
bok/Y
skola/yY
mobil/XY
`;

describe("buildCompoundLexicon", () => {
  const lexicon = buildCompoundLexicon(AFF, DIC);

  test("collects heads from flags and from suffix continuations", () => {
    expect(lexicon).not.toBeNull();
    expect([...(lexicon?.heads ?? [])].sort()).toEqual(["kunskaps", "mobil", "samhälles", "skole", "skärm", "tid"]);
  });

  test("collects middles", () => {
    expect([...(lexicon?.middles ?? [])]).toEqual(["kunskaps"]);
  });

  test("is null for an affix file without compound flags", () => {
    expect(buildCompoundLexicon("SET UTF-8\nTRY abc\n", "1\nhello\n")).toBeNull();
  });

  test("is null for multi-character flag modes it does not parse", () => {
    expect(buildCompoundLexicon(`FLAG long\n${AFF}`, DIC)).toBeNull();
  });
});

describe("isPlausibleCompound", () => {
  const lexicon = buildCompoundLexicon(AFF, DIC);
  if (lexicon === null) throw new Error("fixture lexicon missing");
  const words = new Set(["tid", "tiden", "bok", "boken", "mobil", "förbud", "skärm"]);
  const isWord = (w: string) => words.has(w);

  test("accepts head + word, with an inflected tail", () => {
    expect(isPlausibleCompound("skärmtid", lexicon, isWord)).toBe(true);
    expect(isPlausibleCompound("skärmtiden", lexicon, isWord)).toBe(true);
    expect(isPlausibleCompound("Skärmtiden", lexicon, isWord)).toBe(true);
  });

  test("accepts head + middle + word", () => {
    expect(isPlausibleCompound("skärmkunskapsboken", lexicon, isWord)).toBe(true);
  });

  test("rejects a tail the speller does not know", () => {
    expect(isPlausibleCompound("skärmtidd", lexicon, isWord)).toBe(false);
  });

  test("rejects a first part that may not open a compound", () => {
    // "förbud" is a word but carries no COMPOUNDBEGIN flag here.
    expect(isPlausibleCompound("förbudtid", lexicon, isWord)).toBe(false);
  });

  test("rejects parts shorter than three letters", () => {
    expect(isPlausibleCompound("tidx", lexicon, () => true)).toBe(false);
  });
});
