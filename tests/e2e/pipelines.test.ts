import { afterAll, beforeAll, describe, expect, test } from "bun:test";
import { readFileSync } from "node:fs";
import { eventually, startE2EStack, type E2EStack } from "./support/e2e-stack.ts";
import { readyBatch, waitForStatus } from "./support/batches.ts";
import { EXPECTED_CORRECTIONS, MISSPELT_ESSAYS } from "./support/essays.ts";
import { openNotificationSocket } from "./support/notifications.ts";
import { signUpTeacher, storePrompt, type Teacher } from "./support/teachers.ts";

const SERVICES = ["content-service", "identity", "batch-conductor", "batch-orchestrator", "els-api", "els-worker", "file-service", "spellchecker", "nlp", "result-aggregator", "api-gateway"];
let e2e: E2EStack;
let teacher: Teacher;

beforeAll(async () => {
  e2e = await startE2EStack({ LOG_LEVEL: "info" }, SERVICES);
  teacher = await signUpTeacher(e2e);
}, 120_000);
afterAll(async () => {
  await e2e?.stop();
});

type EssayResult = { file_name: string; spellcheck?: { corrections: { original: string; replacement: string }[] }; nlp?: { metrics: Record<string, number | string | null> } };
const path = (batchId: string) => ({ params: { path: { batch_id: batchId } } });

function bosLogLine(batchId: string, field: string): Record<string, unknown> | undefined {
  for (const line of readFileSync(e2e.logFile, "utf8").split("\n")) {
    const json = line.slice(line.indexOf("{"));
    if (!line.includes("[batch-orchestrator]") || !json.includes(batchId) || !json.includes(`"${field}"`)) continue;
    try {
      return JSON.parse(json) as Record<string, unknown>;
    } catch {
      /* not a JSON line */
    }
  }
  return undefined;
}

describe("pipelines end to end", () => {
  test("nlp pipeline: the socket sees phases start and complete; results carry corrections and metrics", async () => {
    const prompt = await storePrompt(e2e, "Should schools ban mobile phones?");
    const batchId = await readyBatch(e2e, teacher, MISSPELT_ESSAYS, { prompt });
    const socket = await openNotificationSocket(e2e.gateway, teacher.token);
    const api = e2e.client(teacher.token);
    const { response } = await api.POST("/v1/batches/{batch_id}/pipelines", { ...path(batchId), body: { requested_pipeline: "nlp" } });
    expect(response.status).toBe(202);
    await socket.waitFor("pipeline_completed", (n) => n.type === "pipeline_completed" && n.batch_id === batchId);
    const mine = socket.received.filter((n) => n.batch_id === batchId);
    const phaseEvents = mine.filter((n) => n.type === "phase_started" || n.type === "phase_completed").map((n) => `${n.type}:${n.data.phase}`);
    expect(phaseEvents).toEqual(expect.arrayContaining(["phase_started:spellcheck", "phase_completed:spellcheck", "phase_started:nlp", "phase_completed:nlp"]));
    expect(phaseEvents.indexOf("phase_completed:spellcheck")).toBeLessThan(phaseEvents.indexOf("phase_started:nlp"));
    expect(mine.every((n) => n.user_id === teacher.userId)).toBe(true);
    socket.close();
    expect(await waitForStatus(api, batchId, ["COMPLETED_SUCCESSFULLY"])).toBe("COMPLETED_SUCCESSFULLY");

    const results = await eventually("results with nlp metrics", async () => {
      const { data } = await api.GET("/v1/batches/{batch_id}/results", path(batchId));
      const essays = (data?.essays ?? []) as EssayResult[];
      return essays.length === 4 && essays.every((e) => e.nlp?.metrics) ? essays : undefined;
    });
    for (const [index, original, replacement] of EXPECTED_CORRECTIONS) {
      const essay = results.find((e) => e.file_name === `essay-${index + 1}.txt`);
      expect(essay?.spellcheck?.corrections.map((c) => `${c.original}>${c.replacement}`)).toContain(`${original}>${replacement}`);
    }
    for (const essay of results) {
      const m = essay.nlp?.metrics ?? {};
      expect(Number(m.word_count)).toBeGreaterThan(30);
      expect(Number(m.word_count)).toBeLessThan(60);
      expect(Number(m.sentence_count)).toBeGreaterThanOrEqual(3);
      expect(Number(m.flesch_reading_ease)).toBeGreaterThan(0);
      expect(Number(m.flesch_reading_ease)).toBeLessThan(100);
    }
  });

  test("prompt cases: none → denied prompt_not_attached (socket and status); context, cms, canonical accepted", async () => {
    const api = e2e.client(teacher.token);
    const socket = await openNotificationSocket(e2e.gateway, teacher.token);
    const bare = await readyBatch(e2e, teacher, MISSPELT_ESSAYS.slice(0, 2));
    await api.POST("/v1/batches/{batch_id}/pipelines", { ...path(bare), body: { requested_pipeline: "cj_assessment" } });
    await socket.waitFor("pipeline_denied", (n) => n.type === "pipeline_denied" && n.batch_id === bare);
    expect(socket.received.find((n) => n.type === "pipeline_denied" && n.batch_id === bare)?.data.compatibility_issue).toBe("prompt_not_attached");
    const status = await eventually("denial in status", async () => {
      const { data } = await api.GET("/v1/batches/{batch_id}/status", path(bare));
      const denial = (data as { denial?: { compatibility_issue?: string } } | undefined)?.denial;
      return denial?.compatibility_issue ? denial : undefined;
    });
    expect(status.compatibility_issue).toBe("prompt_not_attached");

    const promptRef = await storePrompt(e2e, "Should schools ban mobile phones?");
    const withContext = await readyBatch(e2e, teacher, MISSPELT_ESSAYS.slice(0, 2), { prompt: promptRef });
    await api.POST("/v1/batches/{batch_id}/pipelines", { ...path(withContext), body: { requested_pipeline: "nlp" } });
    const cmsRef = await storePrompt(e2e, "A newer prompt from the CMS.");
    const withCms = await readyBatch(e2e, teacher, MISSPELT_ESSAYS.slice(0, 2));
    await api.POST("/v1/batches/{batch_id}/pipelines", { ...path(withCms), body: { requested_pipeline: "nlp", prompt_payload: { cms_prompt_ref: cmsRef } } });
    const canonical = await readyBatch(e2e, teacher, MISSPELT_ESSAYS.slice(0, 2));
    await api.POST("/v1/batches/{batch_id}/pipelines", { ...path(canonical), body: { requested_pipeline: "nlp", prompt_payload: { assignment_id: "assignment-42" } } });

    for (const [batchId, source] of [[withContext, "context"], [withCms, "cms"], [canonical, "canonical"]] as const) {
      await waitForStatus(api, batchId, ["COMPLETED_SUCCESSFULLY"]);
      const line = bosLogLine(batchId, "prompt_source");
      expect(line?.prompt_source).toBe(source);
      expect(line?.prompt_attached).toBe(true);
    }
    expect(bosLogLine(canonical, "prompt_source")?.assignment_id).toBe("assignment-42");
    const { data: cmsBatch } = await api.GET("/v1/batches/{batch_id}", path(withCms));
    expect(cmsBatch?.student_prompt_ref).toEqual(cmsRef);
    expect(socket.received.some((n) => n.type === "pipeline_denied" && [withContext, withCms, canonical].includes(n.batch_id))).toBe(false);
    socket.close();
  });

  test("pruning: after spellcheck completed, requesting nlp runs only the NLP phase", async () => {
    const api = e2e.client(teacher.token);
    const batchId = await readyBatch(e2e, teacher, MISSPELT_ESSAYS.slice(0, 2), { prompt: await storePrompt(e2e, "Phones?") });
    const socket = await openNotificationSocket(e2e.gateway, teacher.token);
    await api.POST("/v1/batches/{batch_id}/pipelines", { ...path(batchId), body: { requested_pipeline: "spellcheck" } });
    await socket.waitFor("spellcheck pipeline completed", (n) => n.type === "pipeline_completed" && n.batch_id === batchId);
    const firstRun = socket.received.length;
    await api.POST("/v1/batches/{batch_id}/pipelines", { ...path(batchId), body: { requested_pipeline: "nlp" } });
    await socket.waitFor("nlp pipeline completed", (n, ) => n.type === "pipeline_completed" && n.batch_id === batchId && n.data.pipeline === "nlp");
    const started = socket.received.slice(firstRun).filter((n) => n.batch_id === batchId && n.type === "phase_started").map((n) => n.data.phase);
    expect(started).toEqual(["nlp"]);
    socket.close();
  });

  test("a second pipeline request while one runs is refused with a clear conflict", async () => {
    const api = e2e.client(teacher.token);
    const batchId = await readyBatch(e2e, teacher, MISSPELT_ESSAYS, { prompt: await storePrompt(e2e, "Phones?") });
    const socket = await openNotificationSocket(e2e.gateway, teacher.token);
    await api.POST("/v1/batches/{batch_id}/pipelines", { ...path(batchId), body: { requested_pipeline: "nlp" } });
    await socket.waitFor("phase started", (n) => n.type === "phase_started" && n.batch_id === batchId);
    const second = await api.POST("/v1/batches/{batch_id}/pipelines", { ...path(batchId), body: { requested_pipeline: "spellcheck" } });
    expect(second.response.status).toBe(409);
    expect((second.error as { error_code?: string } | undefined)?.error_code).toBe("CONFLICT");
    await socket.waitFor("pipeline completed", (n) => n.type === "pipeline_completed" && n.batch_id === batchId);
    socket.close();
  });
});
