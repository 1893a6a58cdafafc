import type { Language } from "@shared/contracts/enums.ts";
import type { BatchNorms, FeedbackDimension, FeedbackStrength, FocusArea, QuotedSpan, StructuredFeedback } from "@shared/contracts/feedback.ts";
import type { EssayProfile } from "@shared/text-analysis/essay-profile.ts";
import type { JudgeModel } from "../judge-model.ts";
import type { SpellingCorrection } from "./as-written.ts";
import { dimensionScores, type FeedbackModel, focusAllowed, shortfalls, type SignalStanding, standings } from "./dimension-model.ts";
import { type ExampleSources, focusExamples, type GrammarFinding, type LocatedCorrection } from "./focus-examples.ts";
import { cjPositionEvidence } from "./cj-position.ts";
import { judgeContributions, judgeShortfalls } from "./judge-evidence.ts";
import { PHRASEBOOKS, shown } from "./phrases.ts";
import { essaySignals, type SignalName, SOURCE } from "./signals.ts";
import { strengthQuote } from "./strength-quotes.ts";
import { findSpan, sentenceSpans } from "./text-spans.ts";
import { wordChoices } from "./word-choice.ts";

/** Everything the local writer knows about one essay. */
export interface FeedbackEvidenceInput {
  /** The essay as the student wrote it; every quote is a span of it. */
  readonly essay: string;
  readonly language: Language;
  /** `measureEssay` of the same text. */
  readonly profile: EssayProfile;
  readonly metrics: Readonly<Record<string, number>>;
  /** The spellchecker's corrections (offsets into `essay` where known); empty when none or not run. */
  readonly corrections: readonly SpellingCorrection[];
  readonly correctionCount: number | null;
  /** The grammar checker's findings in `essay`; null when no checker ran (then grammar is judged from metrics alone). */
  readonly grammar: readonly GrammarFinding[] | null;
  readonly batchNorms: BatchNorms;
  readonly model: FeedbackModel;
  /** The offline CJ judge for the language: its feature contributions back the focus areas (evidence only, never the choice). */
  readonly judge?: JudgeModel | undefined;
}

export interface WrittenFeedback {
  readonly feedback: StructuredFeedback;
  /** Every dimension the model could score, weakest first (what the benchmark reads). */
  readonly ranking: ReadonlyArray<{ dimension: FeedbackDimension; score: number; eligible: boolean }>;
}

const MAX_FOCUS = 3;
/**
 * Further focus areas only when the model puts them nearly as likely to be the weakest as the first
 * (logits: within 0.15, about a quarter of ELLIPSE essays get a second one).
 */
const FOCUS_MARGIN = 0.15;
const ERROR_DIMENSIONS: ReadonlySet<FeedbackDimension> = new Set(["conventions", "grammar"]);
const GLARING_Z = 2.5;
const MAX_STRENGTHS = 2;

/** Corrections placed in the essay: at their offset when it holds the word, else where the word first appears. */
function locate(essay: string, corrections: readonly SpellingCorrection[]): LocatedCorrection[] {
  const out: LocatedCorrection[] = [];
  for (const c of corrections) {
    if (!c.original || c.original === c.replacement) continue;
    const at = c.offset;
    const span: QuotedSpan | null = at !== undefined && essay.slice(at, at + c.original.length) === c.original
      ? { text: c.original, start: at, end: at + c.original.length }
      : findSpan(essay, c.original);
    if (span) out.push({ span, replacement: c.replacement });
  }
  return out;
}

function evidenceOf(items: readonly SignalStanding[]): FocusArea["evidence"] {
  return items.slice(0, 4).map((s) => ({
    signal: s.signal, value: round(s.value), expected: round(s.expected), z: round(s.orientedZ), source: SOURCE[s.signal],
  }));
}
const round = (x: number) => Math.round(x * 1000) / 1000;

// What must be measured, and better than expected, before a dimension is praised.
const STRENGTH_SIGNALS: Record<FeedbackDimension, readonly SignalName[]> = {
  development: ["log_words"], organisation: ["words_per_paragraph"], cohesion: ["distinct_connectives"],
  syntax: ["long_sentence_share", "mean_sentence_length"], vocabulary: ["mtld", "hdd", "mattr"], phraseology: ["word_choice_per_100_words"],
  grammar: ["grammar_issues_per_100_words"], conventions: ["spelling_corrections_per_100_words", "spelling_error_rate", "lowercase_start_share"],
  relevance: ["prompt_coverage"],
};

/** Praise needs evidence: every measured strength signal at least as expected, one clearly better. */
function measuredStrength(dimension: FeedbackDimension, standing: ReadonlyMap<SignalName, SignalStanding>): boolean {
  const measured = STRENGTH_SIGNALS[dimension].map((s) => standing.get(s)).filter((s): s is SignalStanding => s !== undefined);
  return measured.length > 0 && measured.every((s) => s.orientedZ >= 0) && measured.some((s) => s.orientedZ >= 0.25);
}

/**
 * What was measured against the batch and level for each dimension (its shortfalls, worst first), as
 * a focus area carries it: for feedback written elsewhere (a vendor model) to show what backs it.
 */
export function measuredEvidence(input: Omit<FeedbackEvidenceInput, "grammar" | "corrections">): (dimension: FeedbackDimension) => FocusArea["evidence"] {
  const wordChoiceCount = wordChoices(input.essay, input.language).length;
  const signals = essaySignals({ profile: input.profile, metrics: input.metrics, correctionCount: input.correctionCount, wordChoiceCount });
  const standing = standings(signals, input.language, input.model, input.batchNorms);
  const judged = input.judge ? judgeContributions(input.judge, input.profile, input.batchNorms) : [];
  return (dimension) => [...evidenceOf(shortfalls(dimension, standing)), ...judgeShortfalls(judged, dimension)];
}

/**
 * Structured feedback from measured evidence only: focus areas are the dimensions the fitted model
 * puts lowest for this essay, among those whose own signals fall short of what the batch and level
 * expect; every example quotes the essay verbatim; errors are only those the spellchecker or the
 * grammar check found.
 */
export function writeStructuredFeedback(input: FeedbackEvidenceInput): WrittenFeedback {
  const { essay, language, model } = input;
  const book = PHRASEBOOKS[language];
  const sentences = sentenceSpans(essay);
  const choices = wordChoices(essay, language);
  const corrections = locate(essay, input.corrections);
  const signals = essaySignals({ profile: input.profile, metrics: input.metrics, correctionCount: input.correctionCount, wordChoiceCount: choices.length });
  const standing = standings(signals, language, model, input.batchNorms);
  const scores = dimensionScores(standing, model);
  const ranking = (Object.entries(scores) as [FeedbackDimension, number | null][])
    .filter((e): e is [FeedbackDimension, number] => e[1] !== null)
    .map(([dimension, score]) => ({ dimension, score, eligible: focusAllowed(dimension, standing, score, model) }))
    .sort((a, b) => a.score - b.score);
  const grammar = input.grammar ?? [];
  const src: ExampleSources = { essay, language, sentences, corrections, grammar, wordChoices: choices };

  // A checker that ran and found no grammar error: grammar is not named (no error is invented).
  const noGrammarFound = input.grammar !== null && !grammar.some((g) => g.category === "grammar");
  const eligible = ranking.filter((r) => r.eligible && !(noGrammarFound && r.dimension === "grammar"));
  const chosen = eligible.filter((r, i) => i === 0 || r.score <= eligible[0]!.score + FOCUS_MARGIN).slice(0, MAX_FOCUS);
  // Errors far beyond what the batch makes (no capital letters at all, a misspelling in every few
  // words) are always named, whatever else ranks lower.
  for (const r of eligible) {
    if (!ERROR_DIMENSIONS.has(r.dimension) || chosen.includes(r)) continue;
    if ((shortfalls(r.dimension, standing)[0]?.orientedZ ?? 0) > -GLARING_Z) continue;
    if (chosen.length >= MAX_FOCUS) chosen.pop();
    chosen.push(r);
  }
  chosen.sort((a, b) => a.score - b.score);
  const fallback = ranking.find((r) => !(noGrammarFound && r.dimension === "grammar"));
  if (chosen.length === 0 && fallback) chosen.push(fallback);
  const focus_areas: FocusArea[] = chosen.map(({ dimension }, i) => {
    const short = shortfalls(dimension, standing);
    const measured = short
      .map((s) => book.measured[s.signal]?.({ value: shown(s.signal, s.value), expected: shown(s.signal, s.expected) }))
      .filter((x): x is string => x !== undefined)
      .slice(0, 2);
    return {
      dimension, rank: i + 1, explanation: [...measured, book.advice[dimension]].join(" "),
      examples: focusExamples(dimension, src), evidence: evidenceOf(short),
    };
  });

  // After the choice: the judge's contributions are shown as evidence and never move a focus area.
  const judged = input.judge ? judgeContributions(input.judge, input.profile, input.batchNorms) : [];
  for (const f of focus_areas) f.evidence.push(...judgeShortfalls(judged, f.dimension));
  // The essay's CJ place, when CJ ranked it in the same pipeline: about the whole essay, so shown once, with the first area.
  const place = cjPositionEvidence(input.metrics);
  if (place) focus_areas[0]?.evidence.push(place);

  const focusDims = new Set(focus_areas.map((f) => f.dimension));
  const flawed = [...corrections.map((c) => c.span), ...grammar.map((g) => g.span), ...choices.map((c) => c.span)];
  const strengths: FeedbackStrength[] = [];
  const used = new Set<number>();
  for (const { dimension } of [...ranking].reverse()) {
    if (strengths.length >= MAX_STRENGTHS || focusDims.has(dimension) || !measuredStrength(dimension, standing)) continue;
    const quote = strengthQuote(dimension, { language, sentences: sentences.filter((s) => !used.has(s.start)), flawed });
    if (!quote) continue;
    used.add(quote.start);
    strengths.push({ dimension, point: book.strength[dimension], quote: { text: quote.text, start: quote.start, end: quote.end } });
  }
  if (strengths.length === 0) {
    const clean = sentences.filter((s) => !flawed.some((f) => f.start < s.end && f.end > s.start));
    const longest = [...(clean.length > 0 ? clean : sentences)].sort((a, b) => b.words - a.words)[0] ?? { text: essay.trim(), start: essay.indexOf(essay.trim()[0] ?? ""), end: 0 };
    const span = { text: longest.text, start: longest.start, end: longest.start + longest.text.length };
    strengths.push({ dimension: "development", point: language === "sv" ? "Här formulerar du din huvudtanke; bygg vidare på den." : "Here you state your main idea; build on it.", quote: span });
  }
  const top = focus_areas[0]?.dimension ?? "development";
  return { feedback: { language, strengths, focus_areas, next_step: book.nextStep[top] }, ranking };
}

/**
 * The feedback as plain text for the student (what is stored as the feedback content).
 * @example renderFeedbackText(written.feedback)
 */
export function renderFeedbackText(feedback: StructuredFeedback): string {
  const book = PHRASEBOOKS[feedback.language];
  const lines = [`${book.strengthsIntro}:`];
  for (const s of feedback.strengths) lines.push(`- ${s.point} "${s.quote.text}"`);
  lines.push("", `${book.focusIntro}:`);
  for (const f of feedback.focus_areas) {
    lines.push(`${f.rank}. ${f.explanation}`);
    for (const e of f.examples) lines.push(`   ${book.examplesIntro}: "${e.quote.text}" → "${e.rewrite}"`);
  }
  lines.push("", `${book.nextStepIntro}: ${feedback.next_step}`);
  return lines.join("\n");
}
