// The projection this service used before the ordinal model, kept here only as a bench baseline:
// each anchored grade's centre is the mean score of its anchors (pooled to be non-decreasing),
// unanchored grades between anchored ones interpolated, boundaries at midpoints; grades outside the
// anchored range are unreachable.

/** The grade index (into `grades`) of every score, from anchors given as (score, grade index). */
export function midpointBandGrades(scores: readonly number[], anchors: readonly { score: number; grade: number }[]): number[] {
  const sums = new Map<number, { total: number; count: number }>();
  for (const a of anchors) {
    const e = sums.get(a.grade) ?? { total: 0, count: 0 };
    e.total += a.score;
    e.count += 1;
    sums.set(a.grade, e);
  }
  const blocks: { centre: number; weight: number; members: number[] }[] = [];
  for (const [grade, { total, count }] of [...sums].sort(([x], [y]) => x - y)) {
    blocks.push({ centre: total / count, weight: count, members: [grade] });
    while (blocks.length > 1 && blocks[blocks.length - 2]!.centre > blocks[blocks.length - 1]!.centre) {
      const last = blocks.pop()!;
      const prev = blocks[blocks.length - 1]!;
      prev.centre = (prev.centre * prev.weight + last.centre * last.weight) / (prev.weight + last.weight);
      prev.weight += last.weight;
      prev.members.push(...last.members);
    }
  }
  const points = blocks.flatMap((b) => b.members.map((grade) => ({ grade, centre: b.centre })));
  const centres = new Map<number, number>();
  points.forEach((p, i) => {
    centres.set(p.grade, p.centre);
    const next = points[i + 1];
    if (next) for (let g = p.grade + 1; g < next.grade; g++) centres.set(g, p.centre + ((next.centre - p.centre) * (g - p.grade)) / (next.grade - p.grade));
  });
  const lowest = points[0]!.grade;
  const highest = points[points.length - 1]!.grade;
  return scores.map((s) => {
    let grade = lowest;
    for (let g = lowest; g < highest; g++) if (s >= (centres.get(g)! + centres.get(g + 1)!) / 2) grade = g + 1;
    return grade;
  });
}
