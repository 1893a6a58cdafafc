import { describe, expect, test } from "bun:test";
import { americanCandidates, isBritishSpelling } from "./british-spelling.ts";

const american = new Set(["color", "colored", "favorite", "realize", "realization", "analyze", "center",
  "theater", "defense", "catalog", "program", "traveled", "traveling", "gray", "aging", "judgment",
  "mold", "behavior", "honorable", "labors"]);
const isAmerican = (word: string): boolean => american.has(word);

describe("americanCandidates", () => {
  test("maps the regular British endings", () => {
    expect(americanCandidates("colour")).toContain("color");
    expect(americanCandidates("realise")).toContain("realize");
    expect(americanCandidates("realisation")).toContain("realization");
    expect(americanCandidates("analyse")).toContain("analyze");
    expect(americanCandidates("centre")).toContain("center");
    expect(americanCandidates("defence")).toContain("defense");
    expect(americanCandidates("catalogue")).toContain("catalog");
    expect(americanCandidates("programme")).toContain("program");
    expect(americanCandidates("travelling")).toContain("traveling");
    expect(americanCandidates("ageing")).toContain("aging");
    expect(americanCandidates("judgement")).toContain("judgment");
    expect(americanCandidates("mould")).toContain("mold");
  });

  test("keeps the case-insensitive form and returns nothing for plain words", () => {
    expect(americanCandidates("Colour")).toContain("color");
    expect(americanCandidates("cat")).toEqual([]);
  });
});

describe("isBritishSpelling", () => {
  test("accepts British forms whose American counterpart is known", () => {
    for (const word of ["colour", "coloured", "favourite", "behaviour", "honourable", "labours", "theatre", "grey", "travelled"]) {
      expect(isBritishSpelling(word, isAmerican)).toBe(true);
    }
  });

  test("accepts irregular British words from the list", () => {
    expect(isBritishSpelling("learnt", () => false)).toBe(true);
    expect(isBritishSpelling("maths", () => false)).toBe(true);
  });

  test("rejects misspellings that merely look British", () => {
    expect(isBritishSpelling("recieve", isAmerican)).toBe(false);
    expect(isBritishSpelling("colourr", isAmerican)).toBe(false);
    expect(isBritishSpelling("realiise", isAmerican)).toBe(false);
  });

  test("each pattern only where British spelling uses it", () => {
    const known = new Set(["became", "peoples", "supposed", "year", "nonsense", "detailed", "publisher", "sold",
      "acknowledging", "fetus", "anemia", "maneuvres", "diarrhea", "license", "fiber", "canceled"]);
    const isKnown = (word: string): boolean => known.has(word);
    for (const word of ["foetus", "anaemia", "manoeuvres", "diarrhoea", "licence", "fibre", "cancelled"]) {
      expect(isBritishSpelling(word, isKnown)).toBe(true);
    }
    // Misspellings a loose rule took for British forms.
    for (const word of ["becamae", "poeoples", "yaer", "nonsence", "detailled", "publishre", "sould", "acknowledgeing"]) {
      expect(isBritishSpelling(word, isKnown)).toBe(false);
    }
  });
});
