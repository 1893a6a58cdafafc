import { afterAll, beforeAll, expect, test } from "bun:test";
import { Database } from "bun:sqlite";
import { join } from "node:path";
import { loadSamples } from "../../scripts/demo/samples.ts";
import { parseEntries } from "../../shared/bus/streams.ts";
import { ResourceConsumptionTopic } from "../../shared/contracts/events/entitlements.ts";
import { readyBatch, waitForStatus } from "./support/batches.ts";
import { eventually, startE2EStack, type E2EStack } from "./support/e2e-stack.ts";
import { MISSPELT_ESSAYS } from "./support/essays.ts";
import { openNotificationSocket } from "./support/notifications.ts";
import { signUpTeacher, storePrompt, type Teacher } from "./support/teachers.ts";

let e2e: E2EStack;
let teacher: Teacher;
let other: Teacher;

beforeAll(async () => {
  // A slow local judge (one call at a time, 120 ms each, answered one by one rather than in blocks of 32) so that a cancellation lands mid-run.
  e2e = await startE2EStack({ LPS_LOCAL_JUDGE_DELAY_MS: "120", LPS_CONCURRENCY: "1", LPS_LOCAL_BATCH_SIZE: "1", CJ_MONITOR_INTERVAL_MS: "3600000", CJ_STALL_TIMEOUT_MS: "3600000" });
  teacher = await signUpTeacher(e2e);
  other = await signUpTeacher(e2e);
}, 120_000);
afterAll(async () => {
  await e2e?.stop();
});

const charges = async (batchId: string) =>
  parseEntries(await e2e.redis.client().xrange(ResourceConsumptionTopic.name, "-", "+"))
    .map((e) => JSON.parse(e.fields.envelope ?? "{}").data as { batch_id: string; resource: string; quantity: number })
    .filter((d) => d.batch_id === batchId);
const path = (batchId: string) => ({ params: { path: { batch_id: batchId } } });

test("cancel a cj_assessment midway, run it again to completion; rename; another teacher gets 404", async () => {
  const api = e2e.client(teacher.token);
  const samples = loadSamples();
  const batchId = await readyBatch(e2e, teacher, samples.essays.map((e) => e.text), { prompt: await storePrompt(e2e, samples.prompt) });
  const socket = await openNotificationSocket(e2e.gateway, teacher.token);

  // Another teacher: the same 404 as a batch that does not exist, for every run-control route.
  const intruder = e2e.client(other.token);
  for (const res of [
    await intruder.POST("/v1/batches/{batch_id}/cancel", path(batchId)),
    await intruder.POST("/v1/batches/{batch_id}/retry-phase", { ...path(batchId), body: { phase: "spellcheck" } }),
    await intruder.PATCH("/v1/batches/{batch_id}", { ...path(batchId), body: { name: "Mine now" } }),
    await api.POST("/v1/batches/{batch_id}/cancel", path(crypto.randomUUID())),
  ]) {
    expect(res.response.status).toBe(404);
    expect((res.error as { error_code?: string } | undefined)?.error_code).toBe("RESOURCE_NOT_FOUND");
  }
  const idle = await api.POST("/v1/batches/{batch_id}/cancel", path(batchId));
  expect(idle.response.status).toBe(409);
  expect((idle.error as { details?: { reason?: string } }).details?.reason).toBe("no_pipeline_running");

  // Rename: shown by BOS's batch view at once and by RAS's status view once the event is in.
  const renamed = await api.PATCH("/v1/batches/{batch_id}", { ...path(batchId), body: { name: "  9A phones debate  " } });
  expect(renamed.response.status).toBe(200);
  expect(((await api.GET("/v1/batches/{batch_id}", path(batchId))).data as { name?: string }).name).toBe("9A phones debate");
  await eventually("name in the status view", async () => {
    const { data } = await api.GET("/v1/batches/{batch_id}/status", path(batchId));
    return (data as { name?: string } | undefined)?.name === "9A phones debate" ? true : undefined;
  });

  await api.POST("/v1/batches/{batch_id}/pipelines", { ...path(batchId), body: { requested_pipeline: "cj_assessment" } });
  await socket.waitFor("cj phase started", (n) => n.type === "phase_started" && n.batch_id === batchId && n.data.phase === "cj_assessment", 60_000);
  // Cancel once some comparisons are answered (most are not: one 120 ms judge call at a time).
  const cjDb = new Database(join(e2e.stack.env.HULEEDU_DATA_DIR as string, "cj-assessment/cj-assessment.sqlite"), { readonly: true });
  await eventually("a few comparisons answered", async () => {
    const row = cjDb.query("SELECT count(*) AS n FROM cj_pairs WHERE batch_id = ? AND status = 'ANSWERED'").get(batchId) as { n: number } | null;
    return (row?.n ?? 0) >= 3 ? true : undefined;
  }, 60_000);
  cjDb.close();
  const cancelled = await api.POST("/v1/batches/{batch_id}/cancel", path(batchId));
  expect(cancelled.response.status).toBe(200);
  expect(cancelled.data).toMatchObject({ status: "CANCELLED", pipeline: "cj_assessment", cancelled_phases: ["cj_assessment"], batch_status: "READY_FOR_PIPELINE_EXECUTION" });
  const runId = (cancelled.data as { run_id: string }).run_id;
  await socket.waitFor("cancellation", (n) => n.type === "batch_status_changed" && n.batch_id === batchId && n.data.reason === "pipeline_cancelled");
  expect(socket.received.some((n) => n.type === "phase_completed" && n.batch_id === batchId && n.data.status === "CANCELLED")).toBe(true);
  const view = await eventually("cancellation in the status view", async () => {
    const { data } = await api.GET("/v1/batches/{batch_id}/status", path(batchId));
    const v = data as { status?: string; cancellation?: { run_id: string }; current_pipeline?: string | null } | undefined;
    return v?.cancellation?.run_id === runId && v.status === "READY_FOR_PIPELINE_EXECUTION" ? v : undefined;
  });
  expect(view.current_pipeline).toBeNull();

  // What the cancelled run was charged: the comparisons answered before the cancellation, once.
  const [cancelCharge] = await eventually("charge for the answered comparisons", async () => {
    const found = await charges(batchId);
    return found.length > 0 ? found : undefined;
  });
  expect(cancelCharge?.resource).toBe("cj_comparison");
  expect(cancelCharge?.quantity).toBeGreaterThan(0);
  await Bun.sleep(3000); // late LLM answers land now: nothing completes, nothing more is charged
  expect(socket.received.some((n) => n.type === "pipeline_completed" && n.batch_id === batchId)).toBe(false);
  expect(await charges(batchId)).toHaveLength(1);
  expect((await api.GET("/v1/batches/{batch_id}", path(batchId))).data?.status).toBe("READY_FOR_PIPELINE_EXECUTION");

  // Requested again, the pipeline runs to completion with a fresh CJ batch.
  const again = await api.POST("/v1/batches/{batch_id}/pipelines", { ...path(batchId), body: { requested_pipeline: "cj_assessment" } });
  expect(again.response.status).toBe(202);
  await socket.waitFor("pipeline completed", (n) => n.type === "pipeline_completed" && n.batch_id === batchId, 180_000);
  const completed = socket.received.find((n) => n.type === "pipeline_completed" && n.batch_id === batchId);
  expect(completed?.data.final_status).toBe("COMPLETED_SUCCESSFULLY");
  const results = await eventually("CJ results", async () => {
    const { data } = await api.GET("/v1/batches/{batch_id}/results", path(batchId));
    const r = data as { cj_assessment?: { comparisons_made: number } | null; essays?: { cj_assessment: { rank: number } | null }[] } | undefined;
    return r?.cj_assessment && r.essays?.every((e) => e.cj_assessment) ? r : undefined;
  }, 60_000);
  expect(results.essays?.map((e) => e.cj_assessment?.rank).sort((a, b) => (a ?? 0) - (b ?? 0))).toEqual(Array.from({ length: 12 }, (_, i) => i + 1));
  const all = await eventually("charge for the rerun", async () => {
    const found = await charges(batchId);
    return found.length === 2 ? found : undefined;
  });
  expect(all[1]?.quantity).toBe(results.cj_assessment?.comparisons_made);
  const { data: state } = await api.GET("/v1/batches/{batch_id}", path(batchId));
  expect(state).toMatchObject({ status: "COMPLETED_SUCCESSFULLY", name: "9A phones debate" });
  socket.close();
  console.log(`cancel-retry e2e: charged ${cancelCharge?.quantity} comparisons for the cancelled run, ${all[1]?.quantity} for the rerun`);
}, 300_000);

test("a failed essay retried succeeds; only it is re-run", async () => {
  const api = e2e.client(teacher.token);
  const batchId = await readyBatch(e2e, teacher, MISSPELT_ESSAYS, { prompt: await storePrompt(e2e, "Phones?"), name: " 8B spelling " });
  // A name given at registration (public API) is trimmed and shown like a later rename.
  expect(((await api.GET("/v1/batches/{batch_id}", path(batchId))).data as { name?: string }).name).toBe("8B spelling");
  const key = e2e.stack.env.HULEEDU_INTERNAL_API_KEY as string;
  const essays = ((await (await fetch(`${e2e.stack.urls["els-api"]}/internal/v1/batches/${batchId}/essays`, { headers: { "X-Internal-API-Key": key } })).json()) as {
    essays: { essay_id: string; text_storage_id: string }[];
  }).essays;
  const victim = essays[1] as { essay_id: string; text_storage_id: string };
  // Fault injection as in essay-failure.test.ts: the victim's text is gone, so spellcheck fails it.
  const contentDb = new Database(join(e2e.stack.env.HULEEDU_DATA_DIR as string, "content-service/content.sqlite"));
  const saved = contentDb.query("SELECT * FROM contents WHERE storage_id = ?").get(victim.text_storage_id) as Record<string, string | number | Uint8Array>;
  expect(contentDb.query("DELETE FROM contents WHERE storage_id = ?").run(victim.text_storage_id).changes).toBe(1);

  const socket = await openNotificationSocket(e2e.gateway, teacher.token);
  const noRun = await api.POST("/v1/batches/{batch_id}/retry-phase", { ...path(batchId), body: { phase: "spellcheck" } });
  expect((noRun.error as { details?: { reason?: string } }).details?.reason).toBe("no_runs");
  await api.POST("/v1/batches/{batch_id}/pipelines", { ...path(batchId), body: { requested_pipeline: "nlp" } });
  await socket.waitFor("pipeline completed", (n) => n.type === "pipeline_completed" && n.batch_id === batchId);
  expect(socket.received.find((n) => n.type === "pipeline_completed" && n.batch_id === batchId)?.data.failed_essay_ids).toEqual([victim.essay_id]);
  expect(await waitForStatus(api, batchId, ["COMPLETED_WITH_FAILURES"])).toBe("COMPLETED_WITH_FAILURES");
  const nothing = await api.POST("/v1/batches/{batch_id}/retry-phase", { ...path(batchId), body: { phase: "nlp" } });
  expect(nothing.response.status).toBe(409);
  expect((nothing.error as { details?: { reason?: string } }).details?.reason).toBe("no_failed_essays");

  // The text is back (the outage is over); the teacher retries spellcheck for the failed essay only.
  contentDb.query("INSERT INTO contents (storage_id, sha256, size_bytes, media_type, body, created_at) VALUES (?, ?, ?, ?, ?, ?)")
    .run(saved.storage_id as string, saved.sha256 as string, saved.size_bytes as number, saved.media_type as string, saved.body as Uint8Array, saved.created_at as string);
  contentDb.close();
  const retried = await api.POST("/v1/batches/{batch_id}/retry-phase", { ...path(batchId), body: { phase: "spellcheck" } });
  expect(retried.response.status).toBe(202);
  expect((retried.data as { essay_ids: string[] }).essay_ids).toEqual([victim.essay_id]);
  await socket.waitFor("retry completed", (n) => n.type === "pipeline_completed" && n.batch_id === batchId && n.data.final_status === "COMPLETED_SUCCESSFULLY");
  const started = socket.received.filter((n) => n.type === "phase_started" && n.batch_id === batchId && n.data.phase === "spellcheck");
  expect(started.map((n) => n.data.essay_count)).toEqual([4, 1]);
  const essay = await eventually("victim spellchecked", async () => {
    const { data } = await api.GET("/v1/batches/{batch_id}/results", path(batchId));
    const found = (data?.essays as { essay_id: string; spellcheck: { status: string } | null }[] | undefined)?.find((e) => e.essay_id === victim.essay_id);
    return found?.spellcheck?.status === "success" ? found : undefined;
  });
  expect(essay.spellcheck?.status).toBe("success");
  expect(await waitForStatus(api, batchId, ["COMPLETED_SUCCESSFULLY"])).toBe("COMPLETED_SUCCESSFULLY");
  socket.close();
}, 180_000);

test("after a finished cj_assessment, one essay's file is replaced and cj_assessment runs again: a fresh ranking that includes the new text", async () => {
  const api = e2e.client(teacher.token);
  const samples = loadSamples();
  const texts = samples.essays.slice(0, 4).map((e) => e.text);
  const batchId = await readyBatch(e2e, teacher, texts, { prompt: await storePrompt(e2e, samples.prompt) });
  const socket = await openNotificationSocket(e2e.gateway, teacher.token);
  const completedRuns = () => socket.received.filter((n) => n.type === "pipeline_completed" && n.batch_id === batchId);
  type Ranked = { cj_assessment?: { comparisons_made: number } | null; essays?: { essay_id: string; cj_assessment: { rank: number } | null }[] };
  const ranking = (label: string) => eventually(label, async () => {
    const r = (await api.GET("/v1/batches/{batch_id}/results", path(batchId))).data as Ranked | undefined;
    return r?.cj_assessment && r.essays?.length === 4 && r.essays.every((e) => e.cj_assessment) ? r : undefined;
  }, 60_000);

  expect((await api.POST("/v1/batches/{batch_id}/pipelines", { ...path(batchId), body: { requested_pipeline: "cj_assessment" } })).response.status).toBe(202);
  await socket.waitFor("first run completed", () => completedRuns().length === 1, 180_000);
  await ranking("first ranking");

  const auth = { Authorization: `Bearer ${teacher.token}` };
  const listed = (await (await fetch(`${e2e.gateway}/v1/batches/${batchId}/files`, { headers: auth })).json()) as { files: { essay_id: string; file_upload_id: string }[] };
  const target = listed.files[0]!;
  const form = new FormData();
  form.append("file", new File([samples.essays[5]!.text], "replacement.txt"));
  expect((await fetch(`${e2e.gateway}/v1/batches/${batchId}/files/${target.file_upload_id}`, { method: "PUT", body: form, headers: auth })).status).toBe(202);
  await eventually("the old ranking cleared", async () => {
    const r = (await api.GET("/v1/batches/{batch_id}/results", path(batchId))).data as Ranked | undefined;
    return r && !r.cj_assessment ? true : undefined;
  });

  // CJ erased its finished run when the text changed; without that it ignored this request as a batch it already knew.
  expect((await api.POST("/v1/batches/{batch_id}/pipelines", { ...path(batchId), body: { requested_pipeline: "cj_assessment" } })).response.status).toBe(202);
  await socket.waitFor("second run completed", () => completedRuns().length === 2, 180_000);
  expect(completedRuns()[1]?.data.final_status).toBe("COMPLETED_SUCCESSFULLY");
  const second = await ranking("second ranking");
  expect(second.essays?.map((e) => e.cj_assessment?.rank).sort()).toEqual([1, 2, 3, 4]);
  expect(second.essays?.some((e) => e.essay_id === target.essay_id)).toBe(true);
  const original = await (await fetch(`${e2e.gateway}/v1/batches/${batchId}/essays/${target.essay_id}/original`, { headers: auth })).text();
  expect(original.trim()).toBe(samples.essays[5]!.text.trim());
  socket.close();
}, 300_000);
