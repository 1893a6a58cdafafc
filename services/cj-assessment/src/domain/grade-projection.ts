import type { GradeScale } from "./grade-scales.ts";
import type { ScoreEstimate } from "./bradley-terry.ts";

/** An item of the fit that is an anchor essay with a known grade. */
export interface AnchorGrade {
  readonly item: number;
  readonly grade: string;
}

/** Scores in [lower, upper) project to `grade`. */
export interface GradeBand {
  readonly grade: string;
  readonly lower: number;
  readonly upper: number;
}

export interface GradeProjection {
  readonly item: number;
  readonly grade: string;
  /** Probability of the projected grade. */
  readonly confidence: number;
  /** Probability of every grade of the scale (below-lowest grade included), summing to 1. */
  readonly probabilities: Readonly<Record<string, number>>;
}

/**
 * Grade bands on the fitted scale. Method: each anchored grade's centre is the mean score of its
 * anchors, made non-decreasing in grade order by pool-adjacent-violators (weighted by anchor count);
 * grades without anchors between two anchored ones get linearly interpolated centres; boundaries lie
 * at midpoints between neighbouring centres. Grades outside the anchored range are not reachable,
 * except the scale's below-lowest grade, which starts half a mean grade step below the lowest centre.
 *
 * @example
 * calibrateGradeBands([-1, 1], [{ item: 0, grade: "E" }, { item: 1, grade: "C" }], GRADE_SCALES.swedish_a_f);
 * // E: [-∞, -0.5), D: [-0.5, 0.5) (unanchored, centre interpolated at 0), C: [0.5, ∞)
 */
export function calibrateGradeBands(
  scores: readonly number[],
  anchors: readonly AnchorGrade[],
  scale: GradeScale,
): GradeBand[] {
  if (anchors.length === 0) throw new RangeError("grade projection needs at least one anchor");
  const sums = new Map<number, { total: number; count: number }>();
  const seen = new Set<number>();
  for (const { item, grade } of anchors) {
    const index = scale.grades.indexOf(grade);
    const score = scores[item];
    if (index < 0) throw new RangeError(`grade ${grade} is not on scale ${scale.id}`);
    if (score === undefined || seen.has(item)) throw new RangeError(`anchor item ${item} is unknown or repeated`);
    seen.add(item);
    const entry = sums.get(index) ?? { total: 0, count: 0 };
    entry.total += score;
    entry.count += 1;
    sums.set(index, entry);
  }
  const anchored = [...sums.entries()]
    .sort(([a], [b]) => a - b)
    .map(([index, { total, count }]) => ({ index, centre: total / count, weight: count }));
  const centres = interpolate(poolAdjacentViolators(anchored));
  const lowest = anchored[0]!.index;
  const highest = anchored[anchored.length - 1]!.index;

  const bands: GradeBand[] = [];
  const spread = centres[highest]! - centres[lowest]!;
  if (scale.belowLowestGrade !== undefined && lowest === 0 && spread > 0) {
    const halfStep = spread / (highest - lowest) / 2;
    bands.push({ grade: scale.belowLowestGrade, lower: -Infinity, upper: centres[lowest]! - halfStep });
  }
  for (let k = lowest; k <= highest; k++) {
    const previous = bands[bands.length - 1];
    bands.push({
      grade: scale.grades[k]!,
      lower: previous ? previous.upper : -Infinity,
      upper: k === highest ? Infinity : (centres[k]! + centres[k + 1]!) / 2,
    });
  }
  return bands;
}

/**
 * Projects a grade for every non-anchor item: the band containing its score, with the probability
 * of each band under N(score, SE²). Boundaries are treated as known (anchor uncertainty is not added).
 *
 * @example
 * const fit = { scores: [-1, 1, 0.1], standardErrors: [0.3, 0.3, 0.4] };
 * projectGrades(fit, [{ item: 0, grade: "E" }, { item: 1, grade: "C" }], GRADE_SCALES.swedish_a_f);
 * // [{ item: 2, grade: "D", confidence: 0.77, probabilities: { F: 0, E: 0.07, D: 0.77, C: 0.16, B: 0, A: 0 } }]
 */
export function projectGrades(
  estimate: ScoreEstimate,
  anchors: readonly AnchorGrade[],
  scale: GradeScale,
): GradeProjection[] {
  const bands = calibrateGradeBands(estimate.scores, anchors, scale);
  const anchorItems = new Set(anchors.map((a) => a.item));
  const allGrades = scale.belowLowestGrade === undefined ? scale.grades : [scale.belowLowestGrade, ...scale.grades];
  const projections: GradeProjection[] = [];
  estimate.scores.forEach((score, item) => {
    if (anchorItems.has(item)) return;
    const se = estimate.standardErrors[item] ?? 0;
    const probabilities: Record<string, number> = Object.fromEntries(allGrades.map((g) => [g, 0]));
    for (const band of bands) {
      probabilities[band.grade] = normalCdf(band.upper, score, se) - normalCdf(band.lower, score, se);
    }
    const band = bands.find((b) => score >= b.lower && score < b.upper) ?? bands[bands.length - 1]!;
    projections.push({ item, grade: band.grade, confidence: probabilities[band.grade]!, probabilities });
  });
  return projections;
}

interface Centre {
  readonly index: number;
  readonly centre: number;
  readonly weight: number;
}

/** Weighted isotonic (non-decreasing) regression of anchor centres over grade order. */
function poolAdjacentViolators(points: readonly Centre[]): Centre[] {
  const blocks: { centre: number; weight: number; members: number[] }[] = [];
  for (const p of points) {
    blocks.push({ centre: p.centre, weight: p.weight, members: [p.index] });
    while (blocks.length > 1 && blocks[blocks.length - 2]!.centre > blocks[blocks.length - 1]!.centre) {
      const last = blocks.pop()!;
      const prev = blocks[blocks.length - 1]!;
      const weight = prev.weight + last.weight;
      prev.centre = (prev.centre * prev.weight + last.centre * last.weight) / weight;
      prev.weight = weight;
      prev.members.push(...last.members);
    }
  }
  return blocks.flatMap((b) => b.members.map((index) => ({ index, centre: b.centre, weight: b.weight })));
}

/** Centre per grade index from the lowest to the highest anchored grade, interpolating gaps. */
function interpolate(points: readonly Centre[]): number[] {
  const centres: number[] = [];
  for (let p = 0; p < points.length; p++) {
    const from = points[p]!;
    centres[from.index] = from.centre;
    const to = points[p + 1];
    if (!to) continue;
    for (let k = from.index + 1; k < to.index; k++) {
      centres[k] = from.centre + ((to.centre - from.centre) * (k - from.index)) / (to.index - from.index);
    }
  }
  return centres;
}

/** P(X < x) for X ~ N(mean, sd²); a point mass when sd is 0. */
function normalCdf(x: number, mean: number, sd: number): number {
  if (x === Infinity) return 1;
  if (x === -Infinity) return 0;
  if (sd <= 0) return x > mean ? 1 : 0;
  return 0.5 * erfc(-(x - mean) / (sd * Math.SQRT2));
}

/** Complementary error function, Chebyshev fit with fractional error below 1.2e-7 (Numerical Recipes). */
function erfc(x: number): number {
  const z = Math.abs(x);
  const t = 1 / (1 + 0.5 * z);
  const r =
    t *
    Math.exp(
      -z * z -
        1.26551223 +
        t * (1.00002368 + t * (0.37409196 + t * (0.09678418 + t * (-0.18628806 + t * (0.27886807 +
        t * (-1.13520398 + t * (1.48851587 + t * (-0.82215223 + t * 0.17087277)))))))),
    );
  return x >= 0 ? r : 2 - r;
}
