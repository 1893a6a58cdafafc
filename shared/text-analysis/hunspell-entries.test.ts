import { describe, expect, test } from "bun:test";
import nspell from "nspell";
import { withoutCompoundOnlyEntries } from "@shared/text-analysis/hunspell-entries.ts";

// A miniature of dictionary-sv: "brukar" is a form of "bruka" (suffix r) and also a compound-only part.
const AFF = "SET UTF-8\nONLYINCOMPOUND Z\nCOMPOUNDBEGIN X\n\nSFX R Y 1\nSFX R 0 r .\n";
const DIC = "3\nbruka/R\nbrukar/XZ\nsko\n";

describe("withoutCompoundOnlyEntries", () => {
  test("nspell alone rejects a word whose homonym is compound-only (the bug)", () => {
    expect(nspell({ aff: AFF, dic: DIC }).correct("brukar")).toBe(false);
  });

  test("without the compound-only entries the inflected form is a word again", () => {
    const { dic, removed } = withoutCompoundOnlyEntries(AFF, DIC);
    expect(removed).toBe(1);
    expect(dic).toBe("2\nbruka/R\nsko\n");
    const checker = nspell({ aff: AFF, dic });
    for (const word of ["bruka", "brukar", "sko"]) expect(checker.correct(word)).toBe(true);
  });

  test("an affix file without ONLYINCOMPOUND leaves the word list as it is", () => {
    expect(withoutCompoundOnlyEntries("SET UTF-8\n", DIC)).toEqual({ dic: DIC, removed: 0 });
  });

  test("an escaped slash belongs to the word, not to the flags", () => {
    expect(withoutCompoundOnlyEntries(AFF, "2\nand\\/or\nZebra/Z\n").dic).toBe("1\nand\\/or\n");
  });
});
