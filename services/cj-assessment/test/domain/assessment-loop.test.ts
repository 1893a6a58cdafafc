// The domain pieces together, as the service will drive them: plan a round, collect verdicts
// (some of them errors), refit, decide. Checks the failures of the original: runaway completion,
// errors counted as comparisons, small batches waiting for a large global budget.
import { describe, expect, test } from "bun:test";
import { type BradleyTerryFit, type Comparison, fitBradleyTerry } from "../../src/domain/bradley-terry.ts";
import {
  type CompletionDecision,
  type CompletionPolicy,
  comparisonCounts,
  DEFAULT_COMPLETION_POLICY,
  decideCompletion,
} from "../../src/domain/completion.ts";
import { projectGrades } from "../../src/domain/grade-projection.ts";
import { GRADE_SCALES } from "../../src/domain/grade-scales.ts";
import { comparisonBudget, nextRoundSize, type PlannedComparison, planRound } from "../../src/domain/pairing.ts";
import { createRng } from "../../src/domain/random.ts";
import { spearman } from "../../src/domain/ranking.ts";
import { expectedRankAgreement } from "../../src/domain/reliability.ts";
import { judge } from "./simulated-judge.ts";

interface BatchRun {
  readonly decision: CompletionDecision;
  readonly rounds: number;
  readonly requests: number;
  readonly errors: number;
  readonly results: Comparison[];
  readonly fit: BradleyTerryFit;
}

function runBatch(
  quality: readonly number[],
  totalBudget: number,
  errorRate: number,
  seed: number,
  policy: CompletionPolicy = DEFAULT_COMPLETION_POLICY,
): BatchRun {
  const n = quality.length;
  const rng = createRng(seed);
  const budget = comparisonBudget(n, totalBudget);
  const standing: PlannedComparison[] = []; // answered with a winner; errored pairs drop out and may be retried
  const results: Comparison[] = [];
  let fit = fitBradleyTerry(n, []);
  let adaptive = false;
  let requests = 0;
  let errors = 0;
  for (let rounds = 1; rounds <= 200; rounds++) {
    const round = planRound({ n, issued: standing, size: nextRoundSize(n, budget, standing.length), estimate: adaptive ? fit : undefined, rng });
    for (const pair of round) {
      requests++;
      if (rng() < errorRate) {
        errors++;
        continue;
      }
      standing.push(pair);
      results.push(judge(quality, pair, rng));
    }
    fit = fitBradleyTerry(n, results, { initialScores: fit.scores });
    adaptive = true;
    const decision = decideCompletion({
      validComparisons: results.length,
      budget,
      pendingCallbacks: 0,
      issuablePairs: (n * (n - 1)) / 2 - standing.length,
      expectedRankAgreement: expectedRankAgreement(fit).spearman,
      minComparisonsPerItem: Math.min(...comparisonCounts(n, results)),
    }, policy);
    if (decision.kind === "finish") return { decision, rounds, requests, errors, results, fit };
  }
  throw new Error("batch never finished");
}

describe("a simulated batch through pairing, fitting and completion", () => {
  test("a 4-essay batch finishes in one round when its 6 comparisons are back", () => {
    const run = runBatch([1, 0.5, -0.5, -1], 350, 0, 1);
    expect(run.decision).toEqual({ kind: "finish", reason: "budget_reached" });
    expect(run.rounds).toBe(1);
    expect(run.results.length).toBe(6);
  });

  test("with 30 % error results, errors are retried, never counted, and the batch stops at its budget", () => {
    const quality = [-3, -2.4, -1.8, -1.3, -0.8, -0.3, 0.2, 0.7, 1.2, 1.7, 2.2, 2.7, -1, 0.5, 2]; // last 3: anchors
    const run = runBatch(quality, 60, 0.3, 7);
    expect(run.errors).toBeGreaterThan(10);
    expect(run.requests).toBe(run.results.length + run.errors);
    expect(run.decision.kind).toBe("finish");
    expect(run.results.length).toBeLessThanOrEqual(60);
    if (run.decision.kind === "finish" && run.decision.reason === "budget_reached") expect(run.results.length).toBe(60);
    expect(spearman(run.fit.scores.slice(0, 12), quality.slice(0, 12))).toBeGreaterThan(0.8);

    const anchors = [
      { item: 12, grade: "D" },
      { item: 13, grade: "C" },
      { item: 14, grade: "A" },
    ];
    const grades = projectGrades(run.fit, anchors, GRADE_SCALES.swedish_a_f);
    expect(grades.map((g) => g.item)).toEqual([0, 1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11]);
  });

  test("precision ends a batch before its budget; without it the budget caps the batch exactly", () => {
    const quality = Array.from({ length: 30 }, (_, i) => (i - 14.5) * 0.25);
    const precise = runBatch(quality, 400, 0, 3, { targetRankAgreement: 0.9, minComparisonsPerItem: 6 });
    expect(precise.decision).toEqual({ kind: "finish", reason: "precision_reached" });
    expect(precise.results.length).toBeLessThan(400);
    expect(spearman(precise.fit.scores, quality)).toBeGreaterThan(0.85);
    const never = runBatch(quality, 400, 0, 3, { targetRankAgreement: 1, minComparisonsPerItem: 6 });
    expect(never.decision).toEqual({ kind: "finish", reason: "budget_reached" });
    expect(never.results.length).toBe(400);
  });
});
