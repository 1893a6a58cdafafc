import { Hono } from "hono";
import * as v from "valibot";
import { BatchRegistrationRequestV1Schema, type BatchRegistrationRequestV1 } from "@shared/contracts/batch-registration.ts";
import { BatchStatus, type BatchStatus as BatchStatusValue } from "@shared/contracts/enums.ts";
import type { PipelineAdmission } from "@shared/contracts/pipeline-admission.ts";
import { StorageReferenceMetadataSchema, type StorageReferenceMetadata } from "@shared/contracts/storage.ts";
import { startFakeUpstream, type FakeUpstream } from "./fake-upstream.ts";
import { bosSummary } from "./bos-summary.ts";

export interface FakeBatch extends BatchRegistrationRequestV1 {
  batch_id: string;
  status: BatchStatusValue;
  essay_ids: string[];
  /** What BOS answers for "may a pipeline start"; tests set it (the rule itself lives in BOS). */
  admission: PipelineAdmission;
}

/** BOS's internal API as the gateway's BOS client expects it, over in-memory batches. */
export function startFakeBos(internalApiKey: string) {
  const batches = new Map<string, FakeBatch>();
  const registrations: { body: BatchRegistrationRequestV1; correlationId: string | undefined; idempotencyKey: string | undefined }[] = [];
  const promptAmendments: { batchId: string; body: { student_prompt_ref: StorageReferenceMetadata; user_id: string } }[] = [];
  let delayMs = 0;
  const app = new Hono();
  app.use("*", async (_c, next) => {
    if (delayMs) await Bun.sleep(delayMs);
    await next();
  });
  app.post("/internal/v1/batches/register", async (c) => {
    const parsed = v.safeParse(BatchRegistrationRequestV1Schema, await c.req.json());
    if (!parsed.success) return c.json({ error_code: "VALIDATION_ERROR", message: "bad registration" }, 400);
    registrations.push({ body: parsed.output, correlationId: c.req.header("X-Correlation-ID"), idempotencyKey: c.req.header("Idempotency-Key") });
    const batch: FakeBatch = {
      ...parsed.output, batch_id: crypto.randomUUID(), status: BatchStatus.AWAITING_CONTENT,
      essay_ids: Array.from({ length: parsed.output.expected_essay_count }, () => crypto.randomUUID()),
      admission: { allowed: false, reason: "batch_not_ready", message: "The batch is not ready for a pipeline (status AWAITING_CONTENT)" },
    };
    batches.set(batch.batch_id, batch);
    return c.json({ batch_id: batch.batch_id, correlation_id: c.req.header("X-Correlation-ID") ?? "", essay_ids: batch.essay_ids }, 201);
  });
  const summary = (b: FakeBatch) => bosSummary({
    batch_id: b.batch_id, user_id: b.user_id, status: b.status, course_code: b.course_code,
    essay_instructions: b.essay_instructions, student_prompt_ref: b.student_prompt_ref ?? null,
    counts: { expected: b.expected_essay_count, provisioned: 0, failed: 0 }, pipeline_admission: b.admission,
  });
  app.get("/internal/v1/batches/:id", (c) => {
    const batch = batches.get(c.req.param("id"));
    return batch ? c.json(summary(batch)) : c.json({ error_code: "RESOURCE_NOT_FOUND", message: "Batch not found" }, 404);
  });
  app.get("/internal/v1/users/:user_id/batches", (c) => {
    const mine = [...batches.values()].filter((b) => b.user_id === c.req.param("user_id"));
    return c.json({ user_id: c.req.param("user_id"), batches: mine.map(summary), limit: 100, offset: 0 });
  });
  app.patch("/internal/v1/batches/:id/prompt", async (c) => {
    const batch = batches.get(c.req.param("id"));
    if (!batch) return c.json({ error_code: "RESOURCE_NOT_FOUND", message: "Batch not found" }, 404);
    const body = v.parse(v.object({ student_prompt_ref: StorageReferenceMetadataSchema, user_id: v.string() }), await c.req.json());
    promptAmendments.push({ batchId: batch.batch_id, body });
    batch.student_prompt_ref = body.student_prompt_ref;
    return c.json(summary(batch));
  });
  const server: FakeUpstream = startFakeUpstream(app, { internalApiKey, keyPrefix: "/internal" });
  return {
    ...server,
    batches,
    registrations,
    promptAmendments,
    setStatus(batchId: string, status: BatchStatusValue) {
      const batch = batches.get(batchId);
      if (!batch) throw new Error(`fake BOS has no batch ${batchId}`);
      batch.status = status;
      // A plain stand-in for BOS's answer; tests that care about admission set it with setAdmission.
      batch.admission = status === BatchStatus.READY_FOR_PIPELINE_EXECUTION || status === BatchStatus.COMPLETED_SUCCESSFULLY || status === BatchStatus.COMPLETED_WITH_FAILURES
        ? { allowed: true, reason: null, message: null }
        : { allowed: false, reason: status === BatchStatus.PROCESSING_PIPELINES ? "pipeline_in_progress" : "batch_not_ready", message: `The batch is not ready for a pipeline (status ${status})` };
    },
    setAdmission(batchId: string, admission: PipelineAdmission) {
      const batch = batches.get(batchId);
      if (!batch) throw new Error(`fake BOS has no batch ${batchId}`);
      batch.admission = admission;
    },
    setDelay(ms: number) {
      delayMs = ms;
    },
  };
}
export type FakeBos = ReturnType<typeof startFakeBos>;
