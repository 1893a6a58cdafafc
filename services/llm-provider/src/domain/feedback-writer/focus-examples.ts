import type { Language } from "@shared/contracts/enums.ts";
import type { FeedbackDimension, FeedbackExample, QuotedSpan } from "@shared/contracts/feedback.ts";
import { capitalise, contextOf, openingOf, type SentenceSpan } from "./text-spans.ts";
import type { WordChoice } from "./word-choice.ts";

/** A grammar checker's finding located in the essay as written, with its first suggestion. */
export interface GrammarFinding {
  readonly span: QuotedSpan;
  readonly category: "grammar" | "punctuation" | "typography" | "style" | "other";
  readonly message: string;
  readonly suggestion: string;
}

/** A spelling correction located in the essay as written. */
export interface LocatedCorrection {
  readonly span: QuotedSpan;
  readonly replacement: string;
}

export interface ExampleSources {
  readonly essay: string;
  readonly language: Language;
  readonly sentences: readonly SentenceSpan[];
  readonly corrections: readonly LocatedCorrection[];
  readonly grammar: readonly GrammarFinding[];
  readonly wordChoices: readonly WordChoice[];
}

const MAX = 2;
const LINKS: Record<Language, readonly string[]> = { en: ["In addition,", "However,", "For this reason,"], sv: ["Dessutom", "Däremot", "Därför"] };

const sentenceOf = (src: ExampleSources, span: QuotedSpan) =>
  src.sentences.find((s) => s.start <= span.start && s.end >= span.end) ?? { ...span, paragraph: 0, words: 0 };

/** The context around a span, with the span replaced: "I recieve it" → "I receive it". */
function replaced(src: ExampleSources, span: QuotedSpan, replacement: string): FeedbackExample {
  const quote = contextOf(src.essay, span, sentenceOf(src, span));
  const rewrite = src.essay.slice(quote.start, span.start) + replacement + src.essay.slice(span.end, quote.end);
  return { quote, rewrite };
}

function conventions(src: ExampleSources): FeedbackExample[] {
  const out: FeedbackExample[] = [];
  const seen = new Set<string>();
  for (const c of src.corrections) {
    if (seen.has(c.span.text.toLowerCase())) continue;
    seen.add(c.span.text.toLowerCase());
    out.push(replaced(src, c.span, c.replacement));
    if (out.length === 1) break; // leave room for a capital letter or a full stop
  }
  const lower = src.sentences.find((s) => /^["“'(]?\p{Ll}/u.test(s.text));
  if (lower) {
    const quote = openingOf(lower, 5);
    out.push({ quote, rewrite: capitalise(quote.text) });
  }
  // The checker's punctuation and capitalisation findings, where they say how to fix it.
  for (const g of src.grammar) {
    if (out.length >= MAX) break;
    if (g.category !== "punctuation" && g.category !== "typography") continue;
    if (g.suggestion === g.span.text || out.some((e) => e.quote.start < g.span.end && e.quote.end > g.span.start)) continue;
    out.push(replaced(src, g.span, g.suggestion));
  }
  if (src.language === "en" && out.length < MAX) {
    const i = src.essay.search(/(?<!\p{L})i(?!\p{L})/u);
    if (i >= 0 && !out.some((e) => e.quote.start <= i && e.quote.end > i)) out.push(replaced(src, { text: "i", start: i, end: i + 1 }, "I"));
  }
  for (const c of src.corrections) {
    if (out.length >= MAX) break;
    if (!out.some((e) => e.quote.start <= c.span.start && e.quote.end >= c.span.end)) out.push(replaced(src, c.span, c.replacement));
  }
  const unended = src.sentences.find((s, i) => s.words >= 6 && !/[.!?…:;]["”’)]?$/.test(s.text) && src.sentences[i + 1]?.paragraph !== s.paragraph);
  if (unended && out.length < MAX) {
    const tail = src.essay.slice(unended.start, unended.end).split(/\s+/).slice(-4).join(" ");
    const start = unended.end - tail.length;
    out.push({ quote: { text: tail, start, end: unended.end }, rewrite: `${tail}.` });
  }
  return out.slice(0, MAX);
}

function grammar(src: ExampleSources): FeedbackExample[] {
  return src.grammar
    .filter((g) => g.category === "grammar" && g.suggestion !== g.span.text)
    .slice(0, MAX)
    .map((g) => replaced(src, g.span, g.suggestion));
}

/** Split at the comma or "and" nearest the middle of the sentence. */
function splitLong(s: SentenceSpan, language: Language): FeedbackExample | null {
  const joins = [...s.text.matchAll(language === "sv" ? /,\s+|\s+och\s+|\s+men\s+/g : /,\s+|\s+and\s+|\s+but\s+|\s+so\s+/g)];
  if (joins.length === 0) return null;
  const mid = s.text.length / 2;
  const best = joins.reduce((a, b) => (Math.abs((b.index ?? 0) - mid) < Math.abs((a.index ?? 0) - mid) ? b : a));
  const at = best.index ?? 0;
  const head = s.text.slice(0, at).replace(/[,\s]+$/, "");
  const tail = s.text.slice(at + best[0].length);
  const connective = best[0].trim().replace(",", "");
  const second = connective ? `${capitalise(connective)} ${tail}` : capitalise(tail);
  return { quote: s, rewrite: `${head}. ${second}` };
}

function syntax(src: ExampleSources): FeedbackExample[] {
  const out: FeedbackExample[] = [];
  const long = [...src.sentences].filter((s) => s.words > 30).sort((a, b) => b.words - a.words);
  for (const s of long) {
    const e = splitLong(s, src.language);
    if (e) out.push(e);
    if (out.length >= 1) break;
  }
  for (let i = 1; i < src.sentences.length && out.length < MAX; i++) {
    const a = src.sentences[i - 1]!;
    const b = src.sentences[i]!;
    if (a.paragraph !== b.paragraph || a.words > 8 || b.words > 8 || !/[.]$/.test(a.text)) continue;
    const quote = { text: src.essay.slice(a.start, b.end), start: a.start, end: b.end };
    const joined = src.language === "sv" ? "eftersom" : "because";
    const rest = /^I\b/.test(b.text) ? b.text : b.text.replace(/^\p{Lu}(?!\p{Lu})/u, (c) => c.toLowerCase());
    out.push({ quote, rewrite: `${a.text.slice(0, -1)}, ${joined} ${rest}` });
  }
  return out;
}

function cohesion(src: ExampleSources): FeedbackExample[] {
  const out: FeedbackExample[] = [];
  const links = LINKS[src.language];
  for (let i = 1; i < src.sentences.length && out.length < MAX; i++) {
    const s = src.sentences[i]!;
    if (s.paragraph !== src.sentences[i - 1]!.paragraph || s.words < 5 || !/^\p{Lu}/u.test(s.text)) continue;
    const quote = openingOf(s, 5);
    const rest = /^I\b/.test(quote.text) ? quote.text : quote.text.replace(/^\p{Lu}(?!\p{Lu})/u, (c) => c.toLowerCase());
    const link = links[out.length % links.length]!;
    out.push({ quote, rewrite: src.language === "sv" ? `${link} ${rest}` : `${link} ${rest}` });
    i += 2; // spread the examples over the text
  }
  return out;
}

function wordChoice(src: ExampleSources, kind: WordChoice["kind"]): FeedbackExample[] {
  const out: FeedbackExample[] = [];
  const seen = new Set<string>();
  for (const c of src.wordChoices) {
    if (c.kind !== kind || seen.has(c.span.text.toLowerCase())) continue;
    seen.add(c.span.text.toLowerCase());
    out.push(replaced(src, c.span, c.better));
    if (out.length >= MAX) break;
  }
  return out;
}

function development(src: ExampleSources): FeedbackExample[] {
  const flawed = [...src.corrections.map((c) => c.span), ...src.grammar.map((g) => g.span)];
  const clean = (s: SentenceSpan) => !flawed.some((f) => f.start < s.end && f.end > s.start);
  const long = src.sentences.filter((s) => s.words >= 4);
  const last = long.filter(clean).at(-1) ?? long.at(-1);
  if (!last) return [];
  const more = src.language === "sv" ? "Till exempel … (beskriv en situation du själv har sett)." : "For example, … (describe one situation you have seen yourself).";
  return [{ quote: last, rewrite: `${last.text} ${more}` }];
}

function organisation(src: ExampleSources): FeedbackExample[] {
  const byParagraph = new Map<number, SentenceSpan[]>();
  for (const s of src.sentences) byParagraph.set(s.paragraph, [...(byParagraph.get(s.paragraph) ?? []), s]);
  const longest = [...byParagraph.values()].sort((a, b) => b.length - a.length)[0];
  if (!longest || longest.length < 4) return [];
  const s = longest[Math.floor(longest.length / 2)]!;
  const quote = openingOf(s, 6);
  return [{ quote, rewrite: `¶ ${quote.text}` }];
}

/** One or two places in the essay to work on for a dimension, each with a rewrite; none when the text offers none. */
export function focusExamples(dimension: FeedbackDimension, src: ExampleSources): FeedbackExample[] {
  return examplesFor(dimension, src).map(({ quote, rewrite }) => ({ quote: { text: quote.text, start: quote.start, end: quote.end }, rewrite }));
}

function examplesFor(dimension: FeedbackDimension, src: ExampleSources): FeedbackExample[] {
  switch (dimension) {
    case "conventions": return conventions(src);
    case "grammar": return grammar(src);
    case "syntax": return syntax(src);
    case "cohesion": return cohesion(src);
    case "vocabulary": return wordChoice(src, "vocabulary");
    case "phraseology": return wordChoice(src, "phraseology");
    case "development": return development(src);
    case "organisation": return organisation(src);
    case "relevance": return [];
  }
}
