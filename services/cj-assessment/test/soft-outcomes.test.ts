// Soft outcomes and batch statistics through the running service: the judge's confidence is stored
// with each comparison and fitted (or not, with CJ_SOFT_OUTCOMES=false); the statistics reach the
// batch row and both result events; the precision rule ends a batch before its budget.
import { afterAll, beforeAll, describe, expect, setDefaultTimeout, test } from "bun:test";
import { CJAssessmentCompletedTopic } from "@shared/contracts/events/cj.ts";
import { AssessmentResultPublishedTopic } from "@shared/contracts/events/cj-results.ts";
import type { Comparison } from "../src/domain/bradley-terry.ts";
import { fitScale } from "../src/domain/scale-fit.ts";
import { spearman } from "../src/domain/ranking.ts";
import { eventsOn, essayOfQuality, startCjFixture, waitFor, type CjFixture } from "./support/cj-fixture.ts";
import { startLpsStandIn, wordCount, type StandIn } from "./support/lps-stand-in.ts";

setDefaultTimeout(60_000);

interface Running {
  fx: CjFixture;
  lps: StandIn;
}

async function start(env: Record<string, string>): Promise<Running> {
  const fx = await startCjFixture(env);
  // Confidence grows with the length gap, so soft and hard fits differ in more than scale.
  const lps = await startLpsStandIn({
    redis: fx.redis.client(),
    confidence: (r) => Math.min(0.95, 0.55 + 0.02 * Math.abs(wordCount(r.essay_a.text) - wordCount(r.essay_b.text))),
  });
  return { fx, lps };
}

async function runBatch(fx: CjFixture, batchId: string, qualities: readonly number[], totalBudget: number) {
  const refs = await Promise.all(qualities.map(async (q, i) => ({ essay_id: `${batchId}-e${i}`, text_storage_id: await fx.storeText(essayOfQuality(q, `${batchId}${i}`)) })));
  await fx.requestAssessment({ batch_id: batchId, essays: refs, cj_settings: { total_budget: totalBudget, seed: 5 } });
  const result = await waitFor("result", async () => (await eventsOn(fx.client, AssessmentResultPublishedTopic, batchId))[0], 30_000);
  const completed = (await eventsOn(fx.client, CJAssessmentCompletedTopic, batchId))[0]!;
  return { result: result.data, completed: completed.data };
}

/** The batch's answered pairs as stored, fitted by the service's domain function (soft or hard). */
function refitFromRows(fx: CjFixture, batchId: string, n: number, soft: boolean): number[] {
  const rows = fx.sql<{ item_a: number; item_b: number; winner: number; confidence: number | null }>(
    "SELECT item_a, item_b, winner, confidence FROM cj_pairs WHERE batch_id = ? AND status = 'ANSWERED'", batchId);
  const comparisons: Comparison[] = rows.map((r) => ({
    winner: r.winner, loser: r.winner === r.item_a ? r.item_b : r.item_a,
    ...(soft && r.confidence !== null ? { winnerProbability: Math.min(0.99, Math.max(0.5, r.confidence)) } : {}),
  }));
  return fitScale(n, comparisons).scores;
}

describe("soft outcomes on (the default)", () => {
  let run: Running;
  beforeAll(async () => {
    run = await start({});
  });
  afterAll(async () => {
    await run.lps.stop();
    await run.fx.stop();
  });

  test("confidences are stored and fitted; the statistics reach the batch row and both events", async () => {
    const batchId = "soft-" + crypto.randomUUID();
    const { result, completed } = await runBatch(run.fx, batchId, [0, 3, 1, 2, 5, 4, 6, 2.5], 28);
    const stored = run.fx.sql<{ confidence: number | null }>("SELECT confidence FROM cj_pairs WHERE batch_id = ? AND status = 'ANSWERED'", batchId);
    expect(stored).toHaveLength(28);
    expect(stored.every((p) => p.confidence !== null && p.confidence >= 0.55 && p.confidence <= 0.95)).toBe(true);

    const scores = Object.fromEntries(result.essays.map((e) => [e.essay_id, e.score]));
    const soft = refitFromRows(run.fx, batchId, 8, true);
    const hard = refitFromRows(run.fx, batchId, 8, false);
    for (let i = 0; i < 8; i++) expect(scores[`${batchId}-e${i}`]!).toBeCloseTo(soft[i]!, 5);
    expect(Math.abs(soft[6]! - hard[6]!)).toBeGreaterThan(0.1);

    const statistics = result.statistics!;
    expect(statistics).toMatchObject({ comparisons_made: 28, comparisons_per_essay: 7, soft_outcomes: 28 });
    expect(statistics.scale_separation_reliability).toBeGreaterThan(0);
    expect(statistics.scale_separation_reliability).toBeLessThanOrEqual(1);
    expect(statistics.split_half_reliability).not.toBeNull();
    expect(statistics.expected_rank_agreement).toBeGreaterThan(0.5);
    expect(completed.statistics).toEqual(statistics);
    const row = run.fx.sql<{ statistics: string; finish_reason: string }>("SELECT statistics, finish_reason FROM cj_batches WHERE batch_id = ?", batchId)[0]!;
    expect(JSON.parse(row.statistics)).toEqual(statistics);
    expect(row.finish_reason).toBe("budget_reached");
  });
});

describe("the precision rule", () => {
  let run: Running;
  beforeAll(async () => {
    run = await start({ CJ_TARGET_RANK_AGREEMENT: "0.8", CJ_MIN_COMPARISONS_PER_ITEM: "4" });
  });
  afterAll(async () => {
    await run.lps.stop();
    await run.fx.stop();
  });

  test("finishes a batch once the fit expects its order to match the truth, well before the budget", async () => {
    const batchId = "precise-" + crypto.randomUUID();
    const qualities = Array.from({ length: 16 }, (_, i) => (i * 7) % 16); // 16 distinct lengths, shuffled
    const { result } = await runBatch(run.fx, batchId, qualities, 110);
    expect(result.finish_reason).toBe("precision_reached");
    expect(result.comparisons_made).toBeLessThan(110);
    expect(result.statistics!.expected_rank_agreement).toBeGreaterThanOrEqual(0.8);
    const rankOf = Object.fromEntries(result.essays.map((e) => [e.essay_id, e.rank]));
    expect(spearman(qualities.map((_, i) => -rankOf[`${batchId}-e${i}`]!), qualities)).toBeGreaterThan(0.8);
    const agreement = run.fx.sql<{ expected_rank_agreement: number }>("SELECT expected_rank_agreement FROM cj_batches WHERE batch_id = ?", batchId)[0]!;
    expect(agreement.expected_rank_agreement).toBeGreaterThan(0);
  });
});

describe("soft outcomes off (CJ_SOFT_OUTCOMES=false)", () => {
  let run: Running;
  beforeAll(async () => {
    run = await start({ CJ_SOFT_OUTCOMES: "false", CJ_STABILITY_THRESHOLD: "0.25" });
  });
  afterAll(async () => {
    await run.lps.stop();
    await run.fx.stop();
  });

  test("confidences are still stored but the fit uses only the named winners; the retired setting is named in a warning", async () => {
    const batchId = "hard-" + crypto.randomUUID();
    const { result } = await runBatch(run.fx, batchId, [0, 3, 1, 2, 5, 4, 6, 2.5], 28);
    const stored = run.fx.sql<{ confidence: number | null }>("SELECT confidence FROM cj_pairs WHERE batch_id = ? AND status = 'ANSWERED'", batchId);
    expect(stored.every((p) => p.confidence !== null)).toBe(true);
    const hard = refitFromRows(run.fx, batchId, 8, false);
    const scores = Object.fromEntries(result.essays.map((e) => [e.essay_id, e.score]));
    for (let i = 0; i < 8; i++) expect(scores[`${batchId}-e${i}`]!).toBeCloseTo(hard[i]!, 5);
    expect(result.statistics!.soft_outcomes).toBe(0);
    expect(run.fx.logger.lines.some((l) => l.level === "warn" && String(l.msg ?? l.message).includes("CJ_STABILITY_THRESHOLD"))).toBe(true);
  });
});
