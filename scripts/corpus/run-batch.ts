// One class-sized batch through the public API, as a teacher would: sign up, anchors for the
// assignment, prompt, register, upload .txt files, wait until ready, request the pipeline, wait
// for it to finish, read /results and the credits used.
import * as v from "valibot";
import { signUpTeacher, type GatewayAnswer, type GatewaySession } from "../../bench/support/gateway-session.ts";
import type { BatchOutcome, EssayOutcome } from "./batch-outcome.ts";
import {
  BatchRegisteredSchema, BatchResultsSchema, BatchStatusViewSchema, BatchSummarySchema, CreditBalanceSchema, PromptReferenceSchema,
  readLlmCostUsd, UploadAnswerSchema, type BatchResults, type BatchStatusView,
} from "./gateway-answers.ts";
import type { AnchorPick, PlannedBatch } from "./sampling.ts";
import { bandOf, gradeAsBand, nearestLengthBand, type BandRange } from "./score-bands.ts";
import type { StackConnection } from "./stack-connection.ts";

export interface BatchRunSettings {
  pipeline: "cj_assessment" | "comprehensive";
  language: "en" | "sv";
  seed: number;
  timeoutMs: number;
  runId: string;
}

export interface BatchRunInput {
  batch: PlannedBatch;
  range: BandRange;
  scale: string;
  anchors: AnchorPick[];
}

/** Stages the progress bar counts for one batch. */
export const BATCH_STAGES = 6;
const UPLOAD_CHUNK = 25;
const ANCHOR_CHUNK = 50;
const POLL_MS = 1000;
const RESULTS_GRACE_MS = 30_000;
// Identity's default is 20 sign-ups per IP per 60 s window: waiting up to ~80 s always gets a new window.
const SIGN_UP_ATTEMPTS = 9;
const SIGN_UP_RETRY_MS = 10_000;

function expectOk<S extends v.GenericSchema>(answer: GatewayAnswer, schema: S, what: string): v.InferOutput<S> {
  if (answer.status < 200 || answer.status > 299) throw new Error(`${what}: HTTP ${answer.status} ${JSON.stringify(answer.body).slice(0, 400)}`);
  const parsed = v.safeParse(schema, answer.body);
  if (!parsed.success) throw new Error(`${what}: unexpected answer ${JSON.stringify(answer.body).slice(0, 400)}`);
  return parsed.output;
}

async function pollUntil<T>(what: string, deadline: number, check: () => Promise<T | undefined>): Promise<T> {
  for (;;) {
    const value = await check();
    if (value !== undefined) return value;
    if (Date.now() + POLL_MS > deadline) throw new Error(`timed out waiting for ${what}`);
    await Bun.sleep(POLL_MS);
  }
}

/** Anchor ids and file names must match `^[A-Za-z0-9][A-Za-z0-9_.:-]*$`; corpus ids may not. */
export function safeId(id: string): string {
  return id.replace(/[^A-Za-z0-9_.:-]/g, "_").replace(/^[^A-Za-z0-9]+/, "x").slice(0, 90);
}

async function postAnchors(session: GatewaySession, assignmentId: string, scale: string, anchors: AnchorPick[]): Promise<void> {
  for (let i = 0; i < anchors.length; i += ANCHOR_CHUNK) {
    const chunk = anchors.slice(i, i + ANCHOR_CHUNK).map((a) => ({ anchor_id: `anchor-${safeId(a.essay.id)}`, grade: String(a.band), text: a.essay.text }));
    const answer = await session.call("POST", `/v1/assignments/${assignmentId}/anchors`, { grade_scale: scale, anchors: chunk });
    if (answer.status !== 201) throw new Error(`anchors for ${assignmentId} on scale ${scale}: HTTP ${answer.status} ${JSON.stringify(answer.body).slice(0, 400)}`);
  }
}

async function uploadEssays(session: GatewaySession, batchId: string, batch: PlannedBatch): Promise<void> {
  for (let i = 0; i < batch.essays.length; i += UPLOAD_CHUNK) {
    const form = new FormData();
    form.set("batch_id", batchId);
    for (const e of batch.essays.slice(i, i + UPLOAD_CHUNK)) form.append("files", new File([e.text], `${safeId(e.id)}.txt`, { type: "text/plain" }));
    const answer = expectOk(await session.call("POST", "/v1/files/batch", form), UploadAnswerSchema, "upload");
    const rejected = answer.files.filter((f) => !f.accepted);
    if (rejected.length > 0) throw new Error(`upload rejected ${rejected.map((f) => `${f.file_name} (${f.error_code}: ${f.message ?? ""})`).join(", ")}`);
  }
}

async function credits(session: GatewaySession): Promise<number> {
  return expectOk(await session.call("GET", "/v1/credits"), CreditBalanceSchema, "GET /v1/credits").consumed;
}

function phaseStatus(view: BatchStatusView | undefined): string {
  return (view?.phases ?? []).map((p) => `${p.phase} ${p.status.toLowerCase()}${p.essay_count ? ` ${p.processed_count ?? 0}/${p.essay_count}` : ""}`).join(", ");
}

/** A fresh teacher per batch (a class, and its own credits); identity limits sign-ups per IP, so a 429 is waited out. */
async function signUpWithinRateLimit(stack: StackConnection): Promise<GatewaySession> {
  for (let attempt = 1; ; attempt++) {
    try {
      return await signUpTeacher(stack.identityUrl, stack.gatewayUrl);
    } catch (err) {
      if (attempt >= SIGN_UP_ATTEMPTS || !/answered 429/.test(String(err))) throw err;
      await Bun.sleep(SIGN_UP_RETRY_MS);
    }
  }
}

/** Run `input.batch`; `onStage(done, status)` reports stages 1..BATCH_STAGES of this batch. */
export async function runBatch(
  stack: StackConnection, input: BatchRunInput, settings: BatchRunSettings, onStage: (done: number, status: string) => void,
): Promise<BatchOutcome> {
  const started = performance.now();
  const deadline = Date.now() + settings.timeoutMs;
  const { batch, range, scale, anchors } = input;
  const session = await signUpWithinRateLimit(stack);
  const consumedBefore = await credits(session);
  const assignmentId = `corpus-${settings.runId}-${safeId(batch.group)}-${batch.index}`.slice(0, 100);
  if (anchors.length > 0) await postAnchors(session, assignmentId, scale, anchors);
  onStage(1, `batch ${batch.index}: ${anchors.length} anchors posted`);

  const prompt = expectOk(await session.call("POST", "/v1/prompts", { text: `Write an essay for the prompt "${batch.group}".` }), PromptReferenceSchema, "POST /v1/prompts");
  const registered = expectOk(await session.call("POST", "/v1/batches/register", {
    expected_essay_count: batch.essays.length, course_code: settings.language === "sv" ? "SV1" : "ENG5",
    essay_instructions: `Corpus essays, prompt ${batch.group}`, student_prompt_ref: prompt,
    ...(anchors.length > 0 ? { assignment_id: assignmentId } : {}), cj_settings: { seed: settings.seed },
  }), BatchRegisteredSchema, "POST /v1/batches/register");
  const batchId = registered.batch_id;
  await uploadEssays(session, batchId, batch);
  onStage(2, `batch ${batch.index}: ${batch.essays.length} essays uploaded`);

  const summary = async () => expectOk(await session.call("GET", `/v1/batches/${batchId}`), BatchSummarySchema, "GET batch");
  await pollUntil("the batch to be ready", deadline, async () => ((await summary()).status === "READY_FOR_PIPELINE_EXECUTION" ? true : undefined));
  onStage(3, `batch ${batch.index}: ready`);

  const costBefore = await readLlmCostUsd(stack.lpsUrl);
  expectOk(await session.call("POST", `/v1/batches/${batchId}/pipelines`, { requested_pipeline: settings.pipeline }), v.unknown(), "request pipeline");
  const finished = await pollUntil(`the ${settings.pipeline} pipeline`, deadline, async () => {
    const view = expectOk(await session.call("GET", `/v1/batches/${batchId}/status`), BatchStatusViewSchema, "GET batch status");
    if (view.denial) throw new Error(`pipeline denied: ${view.denial.error_code} ${view.denial.message}`);
    onStage(4, `batch ${batch.index}: ${phaseStatus(view) || "queued"}`);
    return view.last_pipeline?.pipeline === settings.pipeline ? view.last_pipeline : undefined;
  });
  // The result aggregator may store CJ's summary a moment after the pipeline's end is known; a
  // pipeline that ended without one (e.g. failed) is reported instead of waited on until the deadline.
  const results = await pollUntil(`CJ results (the pipeline ended ${finished.final_status})`, Math.min(deadline, Date.now() + RESULTS_GRACE_MS), async () => {
    const answer = expectOk(await session.call("GET", `/v1/batches/${batchId}/results`), BatchResultsSchema, "GET results");
    return answer.cj_assessment ? answer : undefined;
  });
  onStage(5, `batch ${batch.index}: results read`);

  const comparisons = results.cj_assessment?.comparisons_made ?? 0;
  // Consumption is booked from an event after completion: wait for it briefly.
  let spent = await credits(session);
  for (let i = 0; i < 20 && comparisons > 0 && spent === consumedBefore; i++) {
    await Bun.sleep(250);
    spent = await credits(session);
  }
  const costAfter = await readLlmCostUsd(stack.lpsUrl);
  onStage(6, `batch ${batch.index}: done`);
  return {
    index: batch.index, group: batch.group, range, essays: essayOutcomes(batch, results, range, anchors), anchors: anchors.length,
    comparisons, credits: spent - consumedBefore, wallMs: performance.now() - started,
    ...(costBefore !== undefined && costAfter !== undefined ? { costUsd: costAfter - costBefore } : {}),
    ...(results.cj_assessment?.finish_reason ? { finishReason: results.cj_assessment.finish_reason } : {}),
  };
}

/** Our results joined to the corpus essays by file name. */
export function essayOutcomes(batch: PlannedBatch, results: BatchResults, range: BandRange, anchors: readonly AnchorPick[]): EssayOutcome[] {
  const byFile = new Map(results.essays.map((e) => [e.file_name ?? "", e]));
  const anchorLengths = anchors.map((a) => ({ wordCount: a.essay.wordCount, band: a.band }));
  return batch.essays.map((essay) => {
    const cj = byFile.get(`${safeId(essay.id)}.txt`)?.cj_assessment;
    const grade = gradeAsBand(cj?.grade);
    const probability = cj?.grade ? cj.grade_probabilities?.[cj.grade] : undefined;
    const lengthBand = nearestLengthBand(essay.wordCount, anchorLengths);
    return {
      id: essay.id, score: essay.score, band: bandOf(essay.score, range), wordCount: essay.wordCount,
      ...(essay.raters ? { raters: essay.raters } : {}), ...(cj ? { rank: cj.rank } : {}), ...(grade !== undefined ? { grade } : {}),
      ...(grade !== undefined && probability !== undefined ? { gradeProbability: probability } : {}), ...(lengthBand !== undefined ? { lengthBand } : {}),
    };
  });
}
