import { describe, expect, test } from "bun:test";
import { createHarperChecker } from "../src/grammar/harper-checker.ts";

const harper = createHarperChecker();

describe("Harper checker (offline English)", () => {
  test("finds article and agreement errors with rule, category, message and suggestions", async () => {
    const text = "This is a apple. He go to school.";
    const issues = await harper.check(text, "en");
    const article = issues.find((i) => i.rule_id === "AnA");
    expect(article).toMatchObject({ category: "grammar", suggestions: ["an"] });
    expect(text.slice(article!.offset, article!.offset + article!.length)).toBe("a");
    expect(issues.some((i) => i.category === "grammar" && text.slice(i.offset, i.offset + i.length) === "go")).toBe(true);
  }, 60_000);

  test("offsets are UTF-16 even after characters outside the BMP", async () => {
    const text = "Fun 😀 day. It is an test.";
    const issue = (await harper.check(text, "en")).find((i) => i.rule_id === "AnA");
    expect(issue).toBeDefined();
    expect(text.slice(issue!.offset, issue!.offset + issue!.length)).toBe("an");
  }, 60_000);

  test("a clean sentence has no grammar issues", async () => {
    const issues = await harper.check("The students read the book together.", "en");
    expect(issues.filter((i) => i.category === "grammar")).toEqual([]);
  }, 60_000);
});

describe("Harper checker on a worker thread", () => {
  test("reports exactly the issues the in-thread checker reports", async () => {
    const texts = ["This is a apple. He go to school.", "Fun 😀 day. It is an test.", "The students read the book together."];
    const worker = createHarperChecker({ thread: "worker" });
    const [away, here] = await Promise.all([
      Promise.all(texts.map((t) => worker.check(t, "en"))),
      Promise.all(texts.map((t) => harper.check(t, "en"))),
    ]);
    expect(away).toEqual(here);
    expect(away[0]!.length).toBeGreaterThan(0);
  }, 60_000);
});
