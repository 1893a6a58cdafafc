import { afterAll, beforeAll, expect, test } from "bun:test";
import { loadSamples, spearmanVsIntendedOrder } from "../../scripts/demo/samples.ts";
import { eventually, startE2EStack, type E2EStack } from "./support/e2e-stack.ts";
import { signUpTeacher, uploadFiles, type Teacher } from "./support/teachers.ts";

// The representative subset in single-process mode (./huleedu start --single): the whole stack in
// this test process, the `comprehensive` pipeline over the twelve sample essays with anchors.
let e2e: E2EStack;
let teacher: Teacher;

beforeAll(async () => {
  e2e = await startE2EStack({}, undefined, { single: true });
  teacher = await signUpTeacher(e2e);
}, 120_000);
afterAll(async () => {
  await e2e?.stop();
});

/**
 * Service processes started by this test process (the multi-process launcher spawns `bun
 * services/<dir>/src/main.ts` per service; the local SMTP sink is not a service).
 */
function childServiceProcesses(): string[] {
  const out = Bun.spawnSync(["ps", "-o", "args=", "--ppid", String(process.pid)]).stdout.toString();
  return out.split("\n").map((l) => l.trim()).filter((args) => /services\/[^/]+\/src\/main\.ts/.test(args));
}

test("single process: every service answers from this process and no service process is spawned", async () => {
  expect(e2e.stack.started.length).toBeGreaterThanOrEqual(17);
  expect(childServiceProcesses()).toEqual([]);
  for (const [name, url] of Object.entries(e2e.stack.urls)) {
    const res = await fetch(`${url}/healthz`);
    expect({ name, status: res.status }).toEqual({ name, status: 200 });
  }
});

test("single process: comprehensive over the sample essays gives corrections, metrics, ranks, grades and feedback for every essay", async () => {
  const samples = loadSamples();
  const api = e2e.client(teacher.token);
  const prompt = await api.POST("/v1/prompts", { body: { text: samples.prompt } });
  expect(prompt.response.status).toBe(201);
  const anchors = await api.POST("/v1/assignments/{assignment_id}/anchors", {
    params: { path: { assignment_id: "single-phones" } }, body: { grade_scale: "swedish_a_f", anchors: samples.anchors },
  });
  expect(anchors.response.status).toBe(201);
  const { data: reg } = await api.POST("/v1/batches/register", {
    body: {
      expected_essay_count: samples.essays.length, course_code: "ENG5", essay_instructions: "Should schools ban mobile phones?",
      student_prompt_ref: prompt.data as never, assignment_id: "single-phones", cj_settings: { seed: 7 },
    },
  });
  const batchId = reg?.batch_id as string;
  const path = { params: { path: { batch_id: batchId } } };
  const upload = await uploadFiles(e2e, teacher.token, batchId, samples.essays.map((e) => ({ name: e.fileName, bytes: e.text, type: "text/plain" })));
  expect(upload.body.files?.every((f) => f.accepted)).toBe(true);
  await eventually("ready", async () => ((await api.GET("/v1/batches/{batch_id}", path)).data?.status === "READY_FOR_PIPELINE_EXECUTION" ? true : undefined));
  const requested = await api.POST("/v1/batches/{batch_id}/pipelines", { ...path, body: { requested_pipeline: "comprehensive" } });
  expect(requested.response.status).toBe(202);
  await eventually("comprehensive finished", async () => {
    const { data } = await api.GET("/v1/batches/{batch_id}/status", path);
    return data?.status === "COMPLETED_SUCCESSFULLY" && data.results?.complete ? true : undefined;
  }, 240_000);
  const { data: results } = await api.GET("/v1/batches/{batch_id}/results", path);
  const essays = (results?.essays ?? []) as {
    file_name: string;
    spellcheck?: { corrections: unknown[] } | null;
    nlp?: { metrics: Record<string, unknown> } | null;
    cj_assessment?: { rank: number; grade: string | null } | null;
    ai_feedback?: unknown;
  }[];
  expect(essays.length).toBe(samples.essays.length);
  for (const e of essays) {
    expect(Array.isArray(e.spellcheck?.corrections)).toBe(true);
    expect(Object.keys(e.nlp?.metrics ?? {}).length).toBeGreaterThan(5);
    expect(["A", "B", "C", "D", "E", "F"]).toContain(e.cj_assessment?.grade as string);
    expect(e.ai_feedback).toBeTruthy();
  }
  const ranked = [...essays].sort((a, b) => (a.cj_assessment?.rank ?? 0) - (b.cj_assessment?.rank ?? 0));
  expect(spearmanVsIntendedOrder(ranked.map((e) => e.file_name), samples.qualityOrder)).toBeGreaterThanOrEqual(0.8);
}, 300_000);
