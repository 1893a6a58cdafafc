import { afterAll, beforeAll, expect, test } from "bun:test";
import { loadSamples, spearmanVsIntendedOrder } from "../../scripts/demo/samples.ts";
import { parseEntries } from "../../shared/bus/streams.ts";
import { ResourceConsumptionTopic } from "../../shared/contracts/events/entitlements.ts";
import { eventually, startE2EStack, type E2EStack } from "./support/e2e-stack.ts";
import { openNotificationSocket } from "./support/notifications.ts";
import { signUpTeacher, uploadFiles, type Teacher } from "./support/teachers.ts";

let e2e: E2EStack;
let teacher: Teacher;

beforeAll(async () => {
  // The stall monitor runs once an hour here: completion must come from the callbacks alone.
  e2e = await startE2EStack({ CJ_MONITOR_INTERVAL_MS: "3600000", CJ_STALL_TIMEOUT_MS: "3600000" });
  teacher = await signUpTeacher(e2e);
}, 120_000);
afterAll(async () => {
  await e2e?.stop();
});

test("12 essays of known quality + 3 anchors, local provider: ranking, grades, one completion, credits once", async () => {
  const samples = loadSamples();
  expect(samples.essays.length).toBe(12);
  expect(samples.qualityOrder.length).toBe(12);
  const api = e2e.client(teacher.token);
  const assignment = "assignment-phones";
  const prompt = await api.POST("/v1/prompts", { body: { text: samples.prompt } });
  expect(prompt.response.status).toBe(201);
  const anchors = await api.POST("/v1/assignments/{assignment_id}/anchors", {
    params: { path: { assignment_id: assignment } }, body: { grade_scale: "swedish_a_f", anchors: samples.anchors },
  });
  expect(anchors.response.status).toBe(201);
  const { data: credit0 } = await api.GET("/v1/credits");

  const { data: reg } = await api.POST("/v1/batches/register", {
    body: {
      expected_essay_count: 12, course_code: "ENG5", essay_instructions: "Should schools ban mobile phones?",
      student_prompt_ref: prompt.data as never, assignment_id: assignment, cj_settings: { seed: 7 },
    },
  });
  const batchId = reg?.batch_id as string;
  const upload = await uploadFiles(e2e, teacher.token, batchId, samples.essays.map((e) => ({ name: e.fileName, bytes: e.text, type: "text/plain" })));
  expect(upload.body.files?.every((f) => f.accepted)).toBe(true);
  await eventually("ready", async () => ((await api.GET("/v1/batches/{batch_id}", { params: { path: { batch_id: batchId } } })).data?.status === "READY_FOR_PIPELINE_EXECUTION" ? true : undefined));

  const socket = await openNotificationSocket(e2e.gateway, teacher.token);
  const started = performance.now();
  await api.POST("/v1/batches/{batch_id}/pipelines", { params: { path: { batch_id: batchId } }, body: { requested_pipeline: "cj_assessment" } });
  await socket.waitFor("cj results ready", (n) => n.type === "results_ready" && n.batch_id === batchId && n.data.phase === "cj_assessment", 120_000);
  const seconds = (performance.now() - started) / 1000;
  expect(seconds).toBeLessThan(600); // well under the monitor interval of an hour
  // BOS's completion and RAS's results_ready travel separately; either may reach the socket first.
  await socket.waitFor("pipeline completed", (n) => n.type === "pipeline_completed" && n.batch_id === batchId, 30_000);
  expect(socket.received.filter((n) => n.type === "pipeline_completed" && n.batch_id === batchId).length).toBe(1);
  socket.close();
  // A client that trusts /status: once it says finished, /results carries every rank (issue 13 defect 3).
  const status = await eventually("status finished", async () => {
    const { data } = await api.GET("/v1/batches/{batch_id}/status", { params: { path: { batch_id: batchId } } });
    return data?.status === "COMPLETED_SUCCESSFULLY" ? data : undefined;
  });
  expect(status.results).toEqual({ complete: true, pending_phases: [] });

  const { data: results } = await api.GET("/v1/batches/{batch_id}/results", { params: { path: { batch_id: batchId } } });
  const essays = results?.essays as {
    file_name: string; cj_assessment: { rank: number; grade: string | null; grade_probabilities: Record<string, number>; grade_uncertain?: boolean } | null;
  }[];
  const ranked = essays.filter((e) => e.cj_assessment).sort((a, b) => (a.cj_assessment?.rank ?? 0) - (b.cj_assessment?.rank ?? 0));
  expect(ranked.length).toBe(12);
  const rho = spearmanVsIntendedOrder(ranked.map((e) => e.file_name), samples.qualityOrder);
  console.log(`CJ e2e: Spearman ${rho.toFixed(3)} in ${seconds.toFixed(1)} s`);
  expect(rho).toBeGreaterThanOrEqual(0.8);
  for (const e of ranked) {
    expect(["A", "B", "C", "D", "E", "F"]).toContain(e.cj_assessment?.grade as string);
    const total = Object.values(e.cj_assessment?.grade_probabilities ?? {}).reduce((s, p) => s + p, 0);
    expect(total).toBeCloseTo(1, 2);
    expect(typeof e.cj_assessment?.grade_uncertain).toBe("boolean");
  }
  // The batch's projection: every essay counted in the grade distribution, flagged ones counted.
  const projection = (results as { cj_assessment?: { grade_projection?: { status: string; distribution: Record<string, number>; uncertain_count: number; anchors_used: number } } })
    .cj_assessment?.grade_projection;
  expect(projection?.status).toBe("projected");
  expect(projection?.anchors_used).toBe(3);
  expect(Object.values(projection?.distribution ?? {}).reduce((s, n) => s + n, 0)).toBe(12);
  expect(projection?.uncertain_count).toBe(ranked.filter((e) => e.cj_assessment?.grade_uncertain).length);

  const cj = (results as { cj_assessment?: { comparisons_made: number; statistics: { comparisons_made: number; scale_separation_reliability: number } | null } }).cj_assessment;
  expect(cj?.comparisons_made).toBeGreaterThan(0);
  // The batch's spend and reliability reach the public results view.
  expect(cj?.statistics?.comparisons_made).toBe(cj?.comparisons_made);
  expect(cj?.statistics?.scale_separation_reliability).toBeGreaterThan(0);
  const consumption = parseEntries(await e2e.redis.client().xrange(ResourceConsumptionTopic.name, "-", "+"))
    .map((x) => JSON.parse(x.fields.envelope ?? "{}").data)
    .filter((d) => d.batch_id === batchId);
  expect(consumption).toEqual([expect.objectContaining({ resource: "cj_comparison", quantity: cj?.comparisons_made, user_id: teacher.userId })]);
  const credits = await eventually("credits consumed", async () => {
    const { data } = await api.GET("/v1/credits");
    return data && data.consumed > (credit0?.consumed ?? 0) ? data : undefined;
  });
  expect(credits.consumed - (credit0?.consumed ?? 0)).toBe(cj?.comparisons_made as number);
  expect(credits.balance).toBe((credit0?.balance ?? 0) - (cj?.comparisons_made as number));
});

test("anchor squatting (issue 13): a second teacher posting anchors to the first teacher's assignment id gets their own set, never a 404, and cannot see or change the first's", async () => {
  const other = await signUpTeacher(e2e);
  const mine = e2e.client(teacher.token);
  const theirs = e2e.client(other.token);
  const path = { params: { path: { assignment_id: "assignment-phones" } } };
  // The first test registered teacher A's three anchors on swedish_a_f under this id.
  const before = await mine.GET("/v1/assignments/{assignment_id}/anchors", path);
  expect(before.response.status).toBe(200);
  expect(before.data?.grade_scale).toBe("swedish_a_f");

  expect((await theirs.GET("/v1/assignments/{assignment_id}/anchors", path)).response.status).toBe(404);
  const squat = await theirs.POST("/v1/assignments/{assignment_id}/anchors", {
    ...path, body: { grade_scale: "numeric_1_5", anchors: [{ anchor_id: "anchor-a", grade: "1", text: "An attempt to overwrite teacher A's top anchor." }] },
  });
  expect(squat.response.status).toBe(201);
  expect(squat.data?.grade_scale).toBe("numeric_1_5");
  expect(squat.data?.anchors.map((a) => [a.anchor_id, a.grade])).toEqual([["anchor-a", "1"]]);

  const after = await mine.GET("/v1/assignments/{assignment_id}/anchors", path);
  expect(after.data?.grade_scale).toBe("swedish_a_f");
  expect(after.data?.anchors.map((a) => [a.anchor_id, a.grade]).sort()).toEqual([["anchor-a", "A"], ["anchor-c", "C"], ["anchor-e", "E"]]);
  expect(after.data?.anchors).toEqual(before.data?.anchors as never);
  const listed = await theirs.GET("/v1/assignments/{assignment_id}/anchors", path);
  expect(listed.data?.anchors.map((a) => a.anchor_id)).toEqual(["anchor-a"]);
});
