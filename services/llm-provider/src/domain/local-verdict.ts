import type { ComparisonResult, ComparisonTask, Winner } from "./comparison.ts";
import type { EssayFeatures } from "./essay-features.ts";

/** The criteria the local judge weighs, each scored 0..1 per essay. */
export type Criterion = "spelling" | "vocabulary" | "length" | "sentences" | "paragraphs" | "relevance" | "mechanics";

export const CRITERION_WEIGHTS: Readonly<Record<Criterion, number>> = {
  spelling: 0.26,
  vocabulary: 0.18,
  length: 0.16,
  sentences: 0.12,
  paragraphs: 0.08,
  relevance: 0.14,
  mechanics: 0.06,
};

export interface EssayScore {
  total: number;
  criteria: Record<Criterion, number>;
}

const clamp01 = (x: number) => Math.min(1, Math.max(0, x));

/** Score one essay on its own, never relative to its partner, so that position cannot matter. */
export function scoreEssay(f: EssayFeatures): EssayScore {
  const criteria: Record<Criterion, number> = {
    spelling: Math.exp(-20 * f.spellingErrorRate),
    // MATTR over 50-word windows sits around 0.6–0.9 for real essays.
    vocabulary: clamp01((f.lexicalDiversity - 0.55) / 0.3),
    // Diminishing returns: 100 words ≈ 0.39, 300 ≈ 0.78, 600 ≈ 0.95.
    length: 1 - Math.exp(-f.wordCount / 200),
    sentences: sentenceScore(f),
    paragraphs: paragraphScore(f),
    // Without prompt text both essays get the same neutral value.
    relevance: f.promptCoverage === null ? 0.5 : clamp01(f.promptCoverage / 0.6),
    mechanics: Math.exp(-3 * f.mechanicsErrorRate),
  };
  let total = 0;
  for (const [name, weight] of Object.entries(CRITERION_WEIGHTS) as [Criterion, number][]) {
    total += weight * criteria[name];
  }
  return { total, criteria };
}

function sentenceScore(f: EssayFeatures): number {
  if (f.sentenceCount === 0) return 0;
  const m = f.meanSentenceLength;
  const distance = m < 12 ? 12 - m : m > 24 ? m - 24 : 0;
  const band = Math.exp(-((distance / 8) ** 2));
  return 0.6 * band + 0.2 * (1 - f.longSentenceShare) + 0.2 * (1 - f.shortSentenceShare);
}

function paragraphScore(f: EssayFeatures): number {
  const expected = Math.max(1, Math.round(f.wordCount / 120));
  const fill = Math.min(1, f.paragraphCount / expected);
  // Many one-line paragraphs are not structure either.
  const fragmented = f.paragraphCount > 3 && f.wordCount / f.paragraphCount < 25 ? 0.7 : 1;
  return fill * fragmented;
}

/** Confidence from the score gap: 0.5 at no gap, ≈0.77 at 0.1, capped at 0.99. */
export function confidenceFromGap(gap: number): number {
  const p = 1 / (1 + Math.exp(-12 * Math.abs(gap)));
  return Math.round(Math.min(0.99, p) * 1000) / 1000;
}

/**
 * Decide a pair from the two essays' features. Swapping A and B swaps the winner: scores are
 * per essay, and an exact tie is broken by a hash of the text, not by position.
 */
export function judgeFromFeatures(task: ComparisonTask, a: EssayFeatures, b: EssayFeatures): ComparisonResult {
  const scoreA = scoreEssay(a);
  const scoreB = scoreEssay(b);
  const gap = scoreA.total - scoreB.total;
  const winner: Winner = gap > 0 ? "essay_a" : gap < 0 ? "essay_b" : tieBreak(task);
  const [won, lost] = winner === "essay_a" ? [a, b] : [b, a];
  const [wonScore, lostScore] = winner === "essay_a" ? [scoreA, scoreB] : [scoreB, scoreA];
  return {
    winner,
    confidence: confidenceFromGap(gap),
    justification: justify(winner, won, lost, wonScore, lostScore, Math.abs(gap)),
  };
}

function tieBreak(task: ComparisonTask): Winner {
  const ha = fnv1a(task.essay_a.text);
  const hb = fnv1a(task.essay_b.text);
  if (ha !== hb) return ha < hb ? "essay_a" : "essay_b";
  return task.essay_a.id <= task.essay_b.id ? "essay_a" : "essay_b";
}

function fnv1a(text: string): number {
  let h = 0x811c9dc5;
  for (let i = 0; i < text.length; i++) h = Math.imul(h ^ text.charCodeAt(i), 0x01000193) >>> 0;
  return h;
}

const pct = (x: number) => `${(x * 100).toFixed(1)}%`;

const DESCRIBE: Record<Criterion, (w: EssayFeatures, l: EssayFeatures) => string> = {
  spelling: (w, l) => `fewer spelling errors (${pct(w.spellingErrorRate)} vs ${pct(l.spellingErrorRate)} of words)`,
  vocabulary: (w, l) => `more varied vocabulary (type-token ratio ${w.lexicalDiversity.toFixed(2)} vs ${l.lexicalDiversity.toFixed(2)})`,
  length: (w, l) => `a more developed text (${w.wordCount} vs ${l.wordCount} words)`,
  sentences: (w, l) =>
    `better-controlled sentences (${w.meanSentenceLength.toFixed(1)} vs ${l.meanSentenceLength.toFixed(1)} words on average)`,
  paragraphs: (w, l) => `clearer paragraphing (${w.paragraphCount} vs ${l.paragraphCount} paragraphs)`,
  relevance: (w, l) =>
    `closer engagement with the prompt (${pct(w.promptCoverage ?? 0)} vs ${pct(l.promptCoverage ?? 0)} of its key words)`,
  mechanics: () => "more accurate capitalisation and punctuation",
};

function justify(
  winner: Winner,
  won: EssayFeatures,
  lost: EssayFeatures,
  wonScore: EssayScore,
  lostScore: EssayScore,
  gap: number,
): string {
  const deciding = (Object.keys(CRITERION_WEIGHTS) as Criterion[])
    .map((c) => ({ c, edge: CRITERION_WEIGHTS[c] * (wonScore.criteria[c] - lostScore.criteria[c]) }))
    .filter((d) => d.edge > 0.002)
    .sort((x, y) => y.edge - x.edge || x.c.localeCompare(y.c))
    .slice(0, 2)
    .map((d) => DESCRIBE[d.c](won, lost));
  const label = winner === "essay_a" ? "Essay A" : "Essay B";
  if (deciding.length === 0) return `${label} is marginally stronger; the essays are nearly equal on every measured feature.`;
  const lead = gap < 0.03 ? `${label} edges ahead with` : `${label} is stronger, with`;
  return `${lead} ${deciding.join(" and ")}.`;
}
