import { describe, expect, test } from "bun:test";
import * as v from "valibot";
import { misquotedSpans, type StructuredFeedback, StructuredFeedbackSchema } from "@shared/contracts/feedback.ts";
import type { FeedbackTask } from "../src/domain/feedback.ts";
import type { GrammarCheckResponse } from "@shared/contracts/grammar.ts";
import { asWritten } from "../src/domain/feedback-writer/as-written.ts";
import { grammarFindingsFromCheck } from "../src/domain/feedback-writer/grammar-evidence.ts";
import { withMeasuredEvidence, writeLocalFeedback } from "../src/providers/local-feedback-writer.ts";

// A class's norms: about one misspelling in 100 words, essays of about 250 words.
const CLASS_NORMS = {
  spelling_corrections_per_100_words: { mean: 1, sd: 1, n: 25 },
  log_words: { mean: Math.log(250), sd: 0.35, n: 25 },
};

function correctionsIn(text: string, pairs: ReadonlyArray<readonly [string, string]>) {
  return pairs.map(([original, replacement]) => ({ original, replacement, offset: text.indexOf(original) }));
}

async function write(task: Partial<FeedbackTask> & { essay_text: string }): Promise<StructuredFeedback> {
  const { result } = await writeLocalFeedback({ language: "en", corrections: { total: 0, examples: [] }, metrics: {}, batch_norms: CLASS_NORMS, ...task });
  const feedback = v.parse(StructuredFeedbackSchema, result.feedback);
  expect(result.feedback_text.length).toBeGreaterThan(50);
  return feedback;
}

const MISSPELLED = `My freind and I went to the libary becuase we wanted to studdy for the test. It was realy quiet there and we could concentrate.
We red three chapters and wrote sumaries of each one. Afterwards we discused the questions with our teacher, who was very helpfull.`;
const MISSPELLINGS = [["freind", "friend"], ["libary", "library"], ["becuase", "because"], ["studdy", "study"], ["realy", "really"], ["red", "read"], ["sumaries", "summaries"], ["discused", "discussed"], ["helpfull", "helpful"]] as const;

describe("local structured feedback", () => {
  test("many spelling errors: conventions, quoting a misspelling with its correction", async () => {
    const corrections = correctionsIn(MISSPELLED, MISSPELLINGS);
    const feedback = await write({
      essay_text: MISSPELLED, corrections: { total: corrections.length, examples: corrections },
      metrics: { word_count: 46, paragraph_count: 2, spelling_correction_count: corrections.length },
    });
    const conventions = feedback.focus_areas.find((f) => f.dimension === "conventions");
    expect(conventions).toBeDefined();
    expect(conventions!.evidence.map((e) => e.signal)).toContain("spelling_corrections_per_100_words");
    const example = conventions!.examples.find((e) => MISSPELLINGS.some(([wrong]) => e.quote.text.includes(wrong)));
    expect(example).toBeDefined();
    const [wrong, right] = MISSPELLINGS.find(([w]) => example!.quote.text.includes(w))!;
    expect(example!.rewrite).toBe(example!.quote.text.replace(wrong, right));
    expect(misquotedSpans(feedback, MISSPELLED)).toEqual([]);
  });

  test("the corrected text the pipeline hands on is quoted as the student wrote it", async () => {
    const corrections = correctionsIn(MISSPELLED, MISSPELLINGS);
    let corrected = MISSPELLED;
    for (const [wrong, right] of [...MISSPELLINGS].reverse()) {
      const at = MISSPELLED.indexOf(wrong);
      corrected = corrected.slice(0, at) + right + corrected.slice(at + wrong.length);
    }
    expect(asWritten(corrected, corrections)).toBe(MISSPELLED);
    const feedback = await write({
      essay_text: corrected, corrections: { total: corrections.length, examples: corrections },
      metrics: { word_count: 46, paragraph_count: 2, spelling_correction_count: corrections.length },
    });
    expect(misquotedSpans(feedback, MISSPELLED)).toEqual([]);
    expect(feedback.focus_areas.flatMap((f) => f.examples).some((e) => e.quote.text.includes("becuase") || e.quote.text.includes("freind"))).toBe(true);
  });

  test("a text without capital letters gets conventions, quoting a sentence start", async () => {
    const text = "my summer was long and warm. we went to the lake every day and swam for hours. in the evenings we played cards with my grandparents. it was the best summer i can remember.";
    const feedback = await write({ essay_text: text, metrics: { spelling_correction_count: 0 } });
    const conventions = feedback.focus_areas.find((f) => f.dimension === "conventions");
    expect(conventions).toBeDefined();
    expect(conventions!.evidence.map((e) => e.signal)).toContain("lowercase_start_share");
    expect(conventions!.examples.some((e) => /^\p{Ll}/u.test(e.quote.text) && /^\p{Lu}/u.test(e.rewrite))).toBe(true);
    expect(misquotedSpans(feedback, text)).toEqual([]);
  });

  test("a long, well-edited text is not told to write more", async () => {
    const paragraph = (topic: string) =>
      `Many schools are now discussing whether ${topic} should change. Supporters argue that the change would help students, because it gives them more time to think. ` +
      `However, critics point out that teachers would need training, which costs money and takes time. In my view, the benefits are greater than the costs, although the change must be introduced carefully.`;
    const text = ["homework", "the timetable", "school meals", "sports lessons", "exams"].map(paragraph).join("\n\n");
    const feedback = await write({ essay_text: text, metrics: { spelling_correction_count: 0 } });
    expect(feedback.focus_areas.map((f) => f.dimension)).not.toContain("development");
    expect(JSON.stringify(feedback)).not.toMatch(/write more|quite short|further with examples/i);
    expect(misquotedSpans(feedback, text)).toEqual([]);
  });

  test("a Swedish text gets Swedish feedback", async () => {
    const text = "jag tycker att skolan borde börja senare. eleverna är trötta på morgonen och lär sig mindre. därför borde lektionerna börja klockan nio.";
    const { result } = await writeLocalFeedback({ essay_text: text, language: "sv", corrections: { total: 0, examples: [] }, metrics: { spelling_correction_count: 0 } });
    expect(result.feedback?.language).toBe("sv");
    expect(result.feedback_text).toContain("Det här fungerar bra");
    expect(result.feedback?.next_step).toMatch(/[åäö]/);
    expect(result.feedback?.focus_areas.map((f) => f.dimension)).toContain("conventions");
    expect(result.feedback_text).not.toMatch(/\b(the|your|sentences)\b/);
  });

  test("no errors are invented: without corrections or grammar findings nothing is quoted as misspelled", async () => {
    const text = "The library is a quiet place. Students read there every afternoon, and the librarians help them find books.";
    const feedback = await write({ essay_text: text, metrics: { spelling_correction_count: 0 } });
    const conventions = feedback.focus_areas.find((f) => f.dimension === "conventions");
    expect(conventions?.evidence.map((e) => e.signal) ?? []).not.toContain("spelling_corrections_per_100_words");
    for (const e of feedback.focus_areas.flatMap((f) => f.examples)) expect(e.rewrite).not.toBe("");
  });
});

describe("a vendor's feedback gets the measured evidence", () => {
  test("a focus area the vendor sent without evidence carries what was measured for its dimension; one with evidence keeps it", async () => {
    const corrections = correctionsIn(MISSPELLED, MISSPELLINGS);
    const task: FeedbackTask = {
      essay_text: MISSPELLED, language: "en", corrections: { total: corrections.length, examples: corrections },
      metrics: { word_count: 46, paragraph_count: 2, spelling_correction_count: corrections.length }, batch_norms: CLASS_NORMS,
    };
    const kept = [{ signal: "vendor_note", value: 1, expected: null, z: null, source: "model" as const }];
    const vendor: StructuredFeedback = {
      language: "en",
      strengths: [{ dimension: "cohesion", point: "Clear order.", quote: { text: "Afterwards", start: MISSPELLED.indexOf("Afterwards"), end: MISSPELLED.indexOf("Afterwards") + 10 } }],
      focus_areas: [
        { dimension: "conventions", rank: 1, explanation: "Check your spelling.", examples: [], evidence: [] },
        { dimension: "development", rank: 2, explanation: "Say more.", examples: [], evidence: kept },
      ],
      next_step: "Proofread.",
    };
    const { feedback } = await withMeasuredEvidence({ feedback_text: "x", feedback: vendor }, task);
    expect(feedback!.focus_areas[0]!.evidence.map((e) => e.signal)).toContain("spelling_corrections_per_100_words");
    expect(feedback!.focus_areas[0]!.evidence[0]!.z!).toBeLessThan(0);
    expect(feedback!.focus_areas[1]!.evidence).toEqual(kept);
    expect(v.safeParse(StructuredFeedbackSchema, feedback).success).toBe(true);
  });
});

describe("grammar evidence", () => {
  test("a grammar finding is quoted with its suggestion only where the checker found it", async () => {
    const text = "This are a problem for many students. They needs more time to finish the work, and there teachers know it.";
    const feedback = await write({ essay_text: text, metrics: { spelling_correction_count: 0, grammar_issues_per_100_words: 15 }, batch_norms: { ...CLASS_NORMS, grammar_issues_per_100_words: { mean: 2, sd: 1.5, n: 25 } } });
    const grammar = feedback.focus_areas.find((f) => f.dimension === "grammar");
    expect(grammar).toBeDefined();
    expect(grammar!.evidence[0]).toMatchObject({ signal: "grammar_issues_per_100_words", source: "grammar" });
    expect(grammar!.examples.length).toBeGreaterThan(0);
    for (const e of grammar!.examples) expect(e.rewrite).not.toBe(e.quote.text);
    expect(misquotedSpans(feedback, text)).toEqual([]);
  });
});

// The NLP phase's grammar check, as LPS reads it at intake: issues with offsets into the text it was given.
function checkOf(text: string, found: ReadonlyArray<{ wrong: string; right: string; category?: "grammar" | "punctuation" | "spelling" }>): GrammarCheckResponse {
  const issues = found.map(({ wrong, right, category = "grammar" }) => ({
    offset: text.indexOf(wrong), length: wrong.length, rule_id: "R", category, message: "Check this.", suggestions: [right],
  }));
  const counts = { grammar: 0, punctuation: 0, typography: 0, style: 0, spelling: 0, other: 0 };
  for (const i of issues) counts[i.category] += 1;
  return { language: "en", checker: "languagetool", issues, counts };
}

const AGREEMENT = "My brother play football every weekend. He say that the team need more players. The coach want everyone to train harder, and the players agrees with him.";
const GRAMMAR_NORMS = { ...CLASS_NORMS, grammar_issues_per_100_words: { mean: 2, sd: 1.5, n: 25 } };

describe("grammar evidence from the NLP phase's check", () => {
  test("agreement errors: a grammar focus quoting a checker's error with its rewrite", async () => {
    const found = [{ wrong: "play", right: "plays" }, { wrong: "say", right: "says" }, { wrong: "need", right: "needs" }, { wrong: "want", right: "wants" }];
    const feedback = await write({
      essay_text: AGREEMENT, grammar: checkOf(AGREEMENT, found),
      metrics: { word_count: 27, paragraph_count: 1, spelling_correction_count: 0, grammar_issues_per_100_words: 100 * 4 / 27 }, batch_norms: GRAMMAR_NORMS,
    });
    const grammar = feedback.focus_areas.find((f) => f.dimension === "grammar");
    expect(grammar).toBeDefined();
    expect(grammar!.examples.length).toBeGreaterThan(0);
    for (const e of grammar!.examples) {
      const hit = found.find((f) => e.quote.text.includes(f.wrong) && e.rewrite.includes(f.right));
      expect(hit).toBeDefined();
      expect(e.rewrite).not.toBe(e.quote.text);
    }
    expect(misquotedSpans(feedback, AGREEMENT)).toEqual([]);
  });

  test("the check of the corrected text is quoted as the student wrote it, at the shifted offsets", async () => {
    const written = "Yesterday my freind and me goes to the libary. We was very happy there.";
    const corrections = correctionsIn(written, [["freind", "friend"], ["libary", "library"]]);
    const corrected = written.replace("freind", "friend").replace("libary", "library");
    expect(asWritten(corrected, corrections)).toBe(written);
    const grammar = checkOf(corrected, [{ wrong: "goes", right: "went" }, { wrong: "was", right: "were" }, { wrong: "friend", right: "friends", category: "grammar" }]);
    const findings = grammarFindingsFromCheck(grammar, corrected, written, corrections);
    // "friend" overlaps a correction: it is not the student's text and is dropped.
    expect(findings.map((f) => [f.span.text, written.slice(f.span.start, f.span.end), f.suggestion])).toEqual([["goes", "goes", "went"], ["was", "was", "were"]]);
    const feedback = await write({
      essay_text: corrected, corrections: { total: 2, examples: corrections }, grammar,
      metrics: { word_count: 14, paragraph_count: 1, spelling_correction_count: 2, grammar_issues_per_100_words: 100 * 3 / 14 }, batch_norms: GRAMMAR_NORMS,
    });
    expect(misquotedSpans(feedback, written)).toEqual([]);
  });

  test("a well-edited text the checker found no grammar error in is not told about grammar", async () => {
    const text = "The library is a quiet place. Students read there every afternoon, and the librarians help them find books. " +
      "Because it opens early, many of us study there before lessons begin.";
    // Even with a grammar rate the batch would call high (the metric counts style and punctuation too).
    const feedback = await write({
      essay_text: text, grammar: checkOf(text, []),
      metrics: { word_count: 31, paragraph_count: 1, spelling_correction_count: 0, grammar_issues_per_100_words: 8 }, batch_norms: GRAMMAR_NORMS,
    });
    expect(feedback.focus_areas.map((f) => f.dimension)).not.toContain("grammar");
    expect(JSON.stringify(feedback)).not.toMatch(/grammar/i);
  });

  test("punctuation findings become conventions examples with the checker's fix", async () => {
    const text = "we went to the beach, and it was fun . my sister found a shell and we kept it. i think it was the best day of the summer.";
    const feedback = await write({
      essay_text: text, grammar: checkOf(text, [{ wrong: "fun .", right: "fun.", category: "punctuation" }]),
      metrics: { word_count: 29, paragraph_count: 1, spelling_correction_count: 0 },
    });
    const conventions = feedback.focus_areas.find((f) => f.dimension === "conventions");
    expect(conventions).toBeDefined();
    expect(conventions!.examples.some((e) => e.quote.text.includes("fun .") && e.rewrite.includes("fun."))).toBe(true);
    expect(misquotedSpans(feedback, text)).toEqual([]);
  });
});
