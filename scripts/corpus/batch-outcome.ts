// What one batch run yields, and the figures computed from it. Pure.
import { agreementRate, quadraticWeightedKappa, spearman } from "./agreement.ts";
import { expectedCalibrationError } from "./calibration.ts";
import type { BandRange } from "./score-bands.ts";

export interface EssayOutcome {
  id: string;
  score: number;
  band: number;
  wordCount: number;
  /** CJ rank, 1 = best; undefined when the essay got no CJ result. */
  rank?: number;
  /** Projected grade as a band; undefined when none came back. */
  grade?: number;
  /** The probability the projection gave the awarded grade, when it gave probabilities. */
  gradeProbability?: number;
  /** Band of the anchor nearest in length (the length-only grade baseline); undefined without anchors. */
  lengthBand?: number;
  /** Two human raters' scores, when the corpus has them. */
  raters?: [number, number];
}

export interface BatchOutcome {
  index: number;
  group: string;
  range: BandRange;
  essays: EssayOutcome[];
  anchors: number;
  comparisons: number;
  credits: number;
  /** USD the LLM provider reported for this batch, when its metrics could be read. */
  costUsd?: number;
  wallMs: number;
  finishReason?: string;
}

/** Per-batch figures: rank correlations, only where defined. */
export interface BatchFigures {
  rhoRank?: number;
  rhoGrade?: number;
  rhoLength?: number;
  rhoRaters?: number;
  ranked: number;
  graded: number;
}

export function batchFigures(batch: BatchOutcome): BatchFigures {
  const ranked = batch.essays.filter((e) => e.rank !== undefined);
  const graded = batch.essays.filter((e) => e.grade !== undefined);
  const rated = batch.essays.flatMap((e) => (e.raters ? [e.raters] : []));
  return {
    // Rank 1 is best, so the negated rank rises with quality.
    rhoRank: spearman(ranked.map((e) => -(e.rank as number)), ranked.map((e) => e.score)),
    rhoGrade: spearman(graded.map((e) => e.grade as number), graded.map((e) => e.score)),
    rhoLength: spearman(batch.essays.map((e) => e.wordCount), batch.essays.map((e) => e.score)),
    rhoRaters: spearman(rated.map((r) => r[0]), rated.map((r) => r[1])),
    ranked: ranked.length,
    graded: graded.length,
  };
}

export interface GradeAgreement {
  qwk?: number;
  exact?: number;
  adjacent?: number;
  /** Expected calibration error of the awarded grade's probability (only essays that have one). */
  ece?: number;
}

/**
 * Agreement of `pick`'s bands with the human bands over essays (pooled), on `range`; with
 * `probabilityOf`, also the calibration of the probability each picked band was given.
 */
export function gradeAgreement(
  essays: readonly EssayOutcome[], pick: (e: EssayOutcome) => number | undefined, range: BandRange, probabilityOf?: (e: EssayOutcome) => number | undefined,
): GradeAgreement {
  const pairs = essays.flatMap((e) => {
    const ours = pick(e);
    return ours === undefined ? [] : [[Math.min(range.max, Math.max(range.min, Math.round(ours))), e.band] as const];
  });
  const ours = pairs.map((p) => p[0]);
  const human = pairs.map((p) => p[1]);
  const forecasts = essays.flatMap((e) => {
    const ours = pick(e);
    const confidence = probabilityOf?.(e);
    return ours === undefined || confidence === undefined ? [] : [{ confidence, correct: Math.round(ours) === e.band }];
  });
  return {
    qwk: quadraticWeightedKappa(ours, human, range), exact: agreementRate(ours, human, 0), adjacent: agreementRate(ours, human, 1),
    ...(probabilityOf ? { ece: expectedCalibrationError(forecasts) } : {}),
  };
}
