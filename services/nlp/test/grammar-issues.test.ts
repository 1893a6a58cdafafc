import { describe, expect, test } from "bun:test";
import type { GrammarIssue } from "@shared/contracts/grammar.ts";
import { categoryRatesPer100Words, grammarIssuesPer100Words, summariseIssues } from "../src/domain/grammar-issues.ts";

const issue = (offset: number, category: GrammarIssue["category"]): GrammarIssue => ({
  offset, length: 1, rule_id: `R${offset}`, category, message: "m", suggestions: [],
});

describe("summariseIssues", () => {
  test("sorts by offset and counts every category, zeros included", () => {
    const summary = summariseIssues("en", "harper", [issue(9, "style"), issue(2, "grammar"), issue(5, "grammar")]);
    expect(summary.issues.map((i) => i.offset)).toEqual([2, 5, 9]);
    expect(summary.counts).toEqual({ grammar: 2, punctuation: 0, typography: 0, style: 1, spelling: 0, other: 0 });
  });

  test("keeps only the requested categories", () => {
    const summary = summariseIssues("sv", "languagetool", [issue(1, "style"), issue(2, "grammar")], ["grammar"]);
    expect(summary.issues.map((i) => i.rule_id)).toEqual(["R2"]);
    expect(summary.counts.style).toBe(0);
  });
});

describe("grammarIssuesPer100Words", () => {
  test("leaves spelling to the spellchecker; null without a checker or words", () => {
    const summary = summariseIssues("en", "harper", [issue(1, "grammar"), issue(2, "spelling"), issue(3, "punctuation")]);
    expect(grammarIssuesPer100Words(summary, 50)).toBe(4);
    expect(grammarIssuesPer100Words(summary, 0)).toBeNull();
    expect(grammarIssuesPer100Words(summariseIssues("sv", "none", []), 50)).toBeNull();
  });
});
