import { afterAll, beforeAll, expect, setDefaultTimeout, test } from "bun:test";
import { CJAssessmentCompletedTopic } from "@shared/contracts/events/cj.ts";
import { AssessmentResultPublishedTopic } from "@shared/contracts/events/cj-results.ts";
import { ResourceConsumptionTopic } from "@shared/contracts/events/entitlements.ts";
import { GRADE_SCALES } from "../src/domain/grade-scales.ts";
import { spearman } from "../src/domain/ranking.ts";
import { eventsOn, essayOfQuality, INTERNAL_KEY, startCjFixture, waitFor, type CjFixture } from "./support/cj-fixture.ts";
import { startLpsStandIn, type StandIn } from "./support/lps-stand-in.ts";

setDefaultTimeout(30_000);

let fx: CjFixture;
let lps: StandIn;

beforeAll(async () => {
  fx = await startCjFixture();
  lps = await startLpsStandIn({ redis: fx.redis.client() });
});
afterAll(async () => {
  await lps.stop();
  await fx.stop();
});

test("12 essays of known quality and 3 anchors: ranking follows quality (Spearman ≥ 0.8), every essay graded", async () => {
  const batchId = "b12-" + crypto.randomUUID();
  const anchors = [
    { anchor_id: "anchor-e", grade: "E", text: essayOfQuality(1.5, "anchor") },
    { anchor_id: "anchor-c", grade: "C", text: essayOfQuality(5.5, "anchor") },
    { anchor_id: "anchor-a", grade: "A", text: essayOfQuality(9.5, "anchor") },
  ];
  const registered = await fetch(`${fx.cj.url}/v1/assignments/asg-12/anchors`, {
    method: "POST", headers: { "X-Internal-API-Key": INTERNAL_KEY, "X-User-ID": "teacher-1", "Content-Type": "application/json" },
    body: JSON.stringify({ grade_scale: "swedish_a_f", anchors }),
  });
  expect(registered.status).toBe(201);

  // Quality order shuffled against essay ids, so an id-order artefact cannot pass the test.
  const qualities = [7, 2, 11, 0, 5, 9, 3, 10, 1, 6, 8, 4];
  const refs = await Promise.all(qualities.map(async (q, i) => ({ essay_id: `${batchId}-e${i}`, text_storage_id: await fx.storeText(essayOfQuality(q, `s${i}`)) })));
  const requestsBefore = lps.requests.length;
  await fx.requestAssessment({ batch_id: batchId, essays: refs, assignment_id: "asg-12", cj_settings: { seed: 11 } });

  const result = await waitFor("RAS result", async () => (await eventsOn(fx.client, AssessmentResultPublishedTopic, batchId))[0], 30_000);
  const { data } = result;
  expect(data.grade_scale).toBe("swedish_a_f");
  expect(data.essays).toHaveLength(12);
  expect(data.anchors.map((a) => a.anchor_id).sort()).toEqual(["anchor-a", "anchor-c", "anchor-e"]);

  const scoreOf = new Map(data.essays.map((e) => [e.essay_id, e.score]));
  const rho = spearman(refs.map((r) => scoreOf.get(r.essay_id)!), qualities);
  expect(rho).toBeGreaterThanOrEqual(0.8);

  const scale = GRADE_SCALES.swedish_a_f.grades as readonly string[];
  for (const essay of data.essays) {
    expect(scale).toContain(essay.grade!);
    const total = Object.values(essay.grade_probabilities).reduce((s, p) => s + p, 0);
    expect(total).toBeCloseTo(1, 5);
  }
  // The batch's projection summary: grades per grade add up to the batch, flags counted.
  const projection = data.grade_projection!;
  expect(projection.status).toBe("projected");
  expect(projection.anchors_used).toBe(3);
  expect(Object.values(projection.distribution).reduce((s, n) => s + n, 0)).toBe(12);
  expect(Object.keys(projection.distribution)).toEqual([...scale]);
  for (const essay of data.essays) expect(typeof essay.grade_uncertain).toBe("boolean");
  expect(projection.uncertain_count).toBe(data.essays.filter((e) => e.grade_uncertain).length);
  expect(projection.boundaries.map((b) => b.lower_grade)).toEqual(scale.slice(0, -1));
  for (let k = 1; k < projection.boundaries.length; k++) expect(projection.boundaries[k]!.score).toBeGreaterThan(projection.boundaries[k - 1]!.score);
  // Better rank never means a lower grade.
  const byRank = [...data.essays].sort((a, b) => a.rank - b.rank);
  for (let k = 1; k < byRank.length; k++) expect(scale.indexOf(byRank[k]!.grade!)).toBeLessThanOrEqual(scale.indexOf(byRank[k - 1]!.grade!));
  expect(byRank[0]!.grade).toBe("A");
  expect(byRank[byRank.length - 1]!.grade).toMatch(/^[FE]$/);

  // Anchors went inline; every request's texts came with it; positions stayed balanced per item.
  const mine = lps.requests.slice(requestsBefore).filter((r) => r.metadata.batch_id === batchId);
  // Unique request ids: under load the stand-in's consumer may be handed a request twice (at-least-once).
  expect(new Set(mine.map((r) => r.request_id)).size).toBe(data.comparisons_made);
  expect(mine.some((r) => r.essay_a.id.startsWith("anchor:") || r.essay_b.id.startsWith("anchor:"))).toBe(true);
  expect(mine.every((r) => (r.essay_a.text ?? "").length > 0 && (r.essay_b.text ?? "").length > 0)).toBe(true);
  const lean = new Map<string, number>();
  for (const r of mine) {
    lean.set(r.essay_a.id, (lean.get(r.essay_a.id) ?? 0) + 1);
    lean.set(r.essay_b.id, (lean.get(r.essay_b.id) ?? 0) - 1);
  }
  expect(Math.max(...[...lean.values()].map(Math.abs))).toBeLessThanOrEqual(2);

  const completed = await eventsOn(fx.client, CJAssessmentCompletedTopic, batchId);
  expect(completed).toHaveLength(1);
  expect(completed[0]!.data.essay_outcomes.filter((o) => o.status === "success")).toHaveLength(12);
  expect((await eventsOn(fx.client, ResourceConsumptionTopic, batchId)).map((e) => e.data.quantity)).toEqual([data.comparisons_made]);
  fx.logger.lines.length = 0;
});

test("anchors of an assignment join only batches of the user who owns it", async () => {
  const batchId = "b-other-" + crypto.randomUUID();
  const refs = await Promise.all([0, 1, 2].map(async (q) => ({ essay_id: `${batchId}-e${q}`, text_storage_id: await fx.storeText(essayOfQuality(q, `o${q}`)) })));
  await fx.requestAssessment({ batch_id: batchId, essays: refs, assignment_id: "asg-12", user_id: "teacher-2" });
  const result = await waitFor("RAS result", async () => (await eventsOn(fx.client, AssessmentResultPublishedTopic, batchId))[0]);
  expect(result.data.anchors).toEqual([]);
  expect(result.data.essays.every((e) => e.grade === null && e.grade_uncertain === undefined)).toBe(true);
  expect(result.data.grade_projection).toMatchObject({ status: "no_anchors", anchors_used: 0, distribution: {}, uncertain_count: 0 });
  expect(result.data.grade_projection?.message).toContain("not graded");
  const mine = lps.requests.filter((r) => r.metadata.batch_id === batchId);
  expect(mine.some((r) => r.essay_a.id.startsWith("anchor:") || r.essay_b.id.startsWith("anchor:"))).toBe(false);
  expect(mine).toHaveLength(3);
});
