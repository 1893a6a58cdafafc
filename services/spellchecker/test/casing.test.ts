import { describe, expect, test } from "bun:test";
import { applyCasePattern, casePatternOf } from "../src/domain/casing.ts";

describe("casePatternOf", () => {
  test("recognises the four patterns", () => {
    expect(casePatternOf("teh")).toBe("lower");
    expect(casePatternOf("Teh")).toBe("capitalized");
    expect(casePatternOf("TEH")).toBe("upper");
    expect(casePatternOf("iPhone")).toBe("mixed");
    expect(casePatternOf("McDonald")).toBe("mixed");
  });

  test("a single capital letter is capitalised, not shouted", () => {
    expect(casePatternOf("I")).toBe("capitalized");
    expect(casePatternOf("Å")).toBe("capitalized");
  });

  test("handles Swedish letters", () => {
    expect(casePatternOf("ÖVERALLT")).toBe("upper");
    expect(casePatternOf("Ärlighet")).toBe("capitalized");
  });
});

describe("applyCasePattern", () => {
  test("writes the replacement the way the original was written", () => {
    expect(applyCasePattern("the", "lower")).toBe("the");
    expect(applyCasePattern("the", "capitalized")).toBe("The");
    expect(applyCasePattern("the", "upper")).toBe("THE");
    expect(applyCasePattern("också", "upper")).toBe("OCKSÅ");
    expect(applyCasePattern("ärlig", "capitalized")).toBe("Ärlig");
  });
});
