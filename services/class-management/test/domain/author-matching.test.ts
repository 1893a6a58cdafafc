import { describe, expect, test } from "bun:test";
import { candidatesFor, suggestAuthors, type RosterStudent } from "../../src/domain/author-matching.ts";
import { nameTokens } from "../../src/domain/name-folding.ts";

const roster: RosterStudent[] = [
  { studentId: "asa", firstName: "Åsa", lastName: "Lindén", email: null },
  { studentId: "anna-karin", firstName: "Anna-Karin", lastName: "Öberg", email: "ak.oberg@skolan.se" },
  { studentId: "anna", firstName: "Anna", lastName: "Berg", email: null },
  { studentId: "jonas", firstName: "Jonas", lastName: "Ekström", email: "jonas.ekstrom@skolan.se" },
  { studentId: "johan", firstName: "Johan", lastName: "Ek", email: null },
  { studentId: "bjorn", firstName: "Björn", lastName: "Sjöberg", email: "bjorn.s@skolan.se" },
];
const best = (name: string | null, email: string | null = null) => candidatesFor({ name, email }, roster)[0];

describe("name folding", () => {
  test("å/ä/ö and accents fold, hyphens split", () => {
    expect(nameTokens("Åsa Lindén")).toEqual(["asa", "linden"]);
    expect(nameTokens("ANNA-KARIN  Öberg")).toEqual(["anna", "karin", "oberg"]);
    expect(nameTokens("Søren Ærø")).toEqual(["soren", "aero"]);
  });
});

describe("author matching", () => {
  test('Åsa Lindén matches "asa linden" with high confidence', () => {
    expect(best("asa linden")).toMatchObject({ studentId: "asa", reason: "full_name" });
    expect(best("asa linden")?.score).toBeGreaterThan(0.9);
    expect(best("Linden, Asa")?.studentId).toBe("asa");
  });
  test("double names: Anna-Karin, Anna Karin and Annakarin are the same student, not Anna Berg", () => {
    for (const name of ["Anna-Karin Öberg", "anna karin oberg", "Annakarin Oberg"]) {
      expect(best(name)?.studentId).toBe("anna-karin");
      expect(best(name)?.score).toBeGreaterThan(0.85);
    }
  });
  test("initials: A. Lindén and Å Linden; Jonas E. (the only Jonas with E)", () => {
    expect(best("A. Lindén")).toMatchObject({ studentId: "asa", reason: "initial_and_last_name" });
    expect(best("Jonas E.")).toMatchObject({ studentId: "jonas", reason: "first_name_and_initial" });
    expect(best("Å.L.")?.reason).toBe("initials_only");
    expect(best("Å.L.")?.score).toBeLessThan(0.85);
  });
  test("an e-mail only: exact roster e-mail, or a local part built from the name", () => {
    expect(best(null, "jonas.ekstrom@skolan.se")).toMatchObject({ studentId: "jonas", reason: "email", score: 1 });
    expect(best(null, "asa.linden@elev.skolan.se")).toMatchObject({ studentId: "asa", reason: "email_local_part" });
    expect(best(null, "alinden@elev.skolan.se")).toMatchObject({ studentId: "asa", reason: "email_local_part" });
    expect(best(null, "anonymous@example.org")).toBeUndefined();
  });
  test("misspelled names still match, with lower confidence", () => {
    const m = best("Jonas Ekstrom");
    expect(m?.studentId).toBe("jonas");
    const typo = best("Jonas Ekstrtöm");
    expect(typo?.studentId).toBe("jonas");
    expect(typo?.score).toBeLessThan(m?.score ?? 0);
  });
  test("an ambiguous first name alone is marked down", () => {
    const anna = candidatesFor({ name: "Anna", email: null }, roster)[0];
    expect(anna?.score ?? 0).toBeLessThan(0.6);
  });
  test("suggestions give each student at most one essay; the stronger match wins", () => {
    const out = suggestAuthors([
      { essayId: "e1", name: "Jonas Ekström", email: null },
      { essayId: "e2", name: "Jonas Ekstrom", email: "jonas.ekstrom@skolan.se" },
      { essayId: "e3", name: "Someone Else", email: null },
    ], roster);
    expect(out.find((s) => s.essayId === "e2")?.studentId).toBe("jonas");
    expect(out.find((s) => s.essayId === "e1")?.studentId).not.toBe("jonas");
    expect(out.find((s) => s.essayId === "e3")).toMatchObject({ studentId: null, confidence: 0 });
  });
});
