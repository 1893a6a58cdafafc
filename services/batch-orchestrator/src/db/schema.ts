// Relative imports only: drizzle-kit does not resolve the `@shared` alias.
import { index, integer, primaryKey, sqliteTable, text, uniqueIndex } from "drizzle-orm/sqlite-core";
import { enumCheck } from "../../../../shared/db/schema.ts";
import { BatchStatus, enumValues, Language, PhaseName, PipelineName } from "../../../../shared/contracts/enums.ts";
import type * as v from "valibot";
import type { CJSettingsSchema } from "../../../../shared/contracts/batch-registration.ts";
import type { StorageReferenceMetadata } from "../../../../shared/contracts/storage.ts";
import { PromptSource } from "../domain/prompt-source.ts";
import { RunStatus } from "../domain/run-status.ts";

export { outbox, processedEvents } from "../../../../shared/db/schema.ts";

/** One registered batch: the teacher's whole context and where the batch stands. */
export const batches = sqliteTable(
  "batches",
  {
    batchId: text("batch_id").primaryKey(),
    userId: text("user_id").notNull(),
    orgId: text("org_id"),
    /** The owner's display name for the batch (1–200 characters); null until one is given. */
    name: text("name"),
    courseCode: text("course_code").notNull(),
    language: text("language").$type<Language>().notNull(),
    essayInstructions: text("essay_instructions").notNull(),
    classId: text("class_id"),
    assignmentId: text("assignment_id"),
    studentPromptRef: text("student_prompt_ref", { mode: "json" }).$type<StorageReferenceMetadata>(),
    cjSettings: text("cj_settings", { mode: "json" }).$type<v.InferOutput<typeof CJSettingsSchema>>(),
    expectedEssayCount: integer("expected_essay_count").notNull(),
    status: text("status").$type<BatchStatus>().notNull(),
    /** The pipeline run in progress, if any; at most one per batch. */
    activeRunId: text("active_run_id"),
    correlationId: text("correlation_id").notNull(),
    idempotencyKey: text("idempotency_key"),
    requestSha256: text("request_sha256"),
    createdAt: text("created_at").notNull(),
    updatedAt: text("updated_at").notNull(),
  },
  (t) => [
    enumCheck("batches_status_check", t.status, enumValues(BatchStatus)),
    enumCheck("batches_language_check", t.language, enumValues(Language)),
    // NULL keys are distinct in SQLite, so batches without a key never collide.
    uniqueIndex("batches_user_idempotency_uq").on(t.userId, t.idempotencyKey),
    index("batches_user_created_idx").on(t.userId, t.createdAt),
  ],
);

/** Essay slots generated at registration; text ids arrive with provisioning and change per phase. */
export const essays = sqliteTable(
  "essays",
  {
    essayId: text("essay_id").primaryKey(),
    batchId: text("batch_id").notNull().references(() => batches.batchId),
    position: integer("position").notNull(),
    /** The text the next phase reads (e.g. the corrected text after spellcheck). */
    textStorageId: text("text_storage_id"),
    originalTextStorageId: text("original_text_storage_id"),
    fileUploadId: text("file_upload_id"),
    originalFileName: text("original_file_name"),
    studentName: text("student_name"),
    studentEmail: text("student_email"),
    provisionedAt: text("provisioned_at"),
  },
  (t) => [index("essays_batch_position_idx").on(t.batchId, t.position)],
);

/** Uploaded files that never became essays (validation failures reported by ELS). */
export const provisioningFailures = sqliteTable(
  "provisioning_failures",
  {
    batchId: text("batch_id").notNull().references(() => batches.batchId),
    fileUploadId: text("file_upload_id").notNull(),
    originalFileName: text("original_file_name").notNull(),
    errorCode: text("error_code").notNull(),
    message: text("message").notNull(),
  },
  (t) => [primaryKey({ columns: [t.batchId, t.fileUploadId] })],
);

/** One requested pipeline on a batch, resolved by BCS into phases. */
export const pipelineRuns = sqliteTable(
  "pipeline_runs",
  {
    runId: text("run_id").primaryKey(),
    batchId: text("batch_id").notNull().references(() => batches.batchId),
    pipeline: text("pipeline").$type<PipelineName>().notNull(),
    status: text("status").$type<RunStatus>().notNull(),
    promptSource: text("prompt_source").$type<PromptSource>(),
    assignmentId: text("assignment_id"),
    prunedPhases: text("pruned_phases", { mode: "json" }).$type<PhaseName[]>().notNull(),
    correlationId: text("correlation_id").notNull(),
    requestedAt: text("requested_at").notNull(),
    completedAt: text("completed_at"),
    /** Set on a retry run: the run whose failed essays it re-runs (its pipeline names the one phase). */
    retryOfRunId: text("retry_of_run_id"),
  },
  (t) => [
    enumCheck("pipeline_runs_pipeline_check", t.pipeline, enumValues(PipelineName)),
    enumCheck("pipeline_runs_status_check", t.status, enumValues(RunStatus)),
    enumCheck("pipeline_runs_prompt_source_check", t.promptSource, enumValues(PromptSource)),
    index("pipeline_runs_batch_idx").on(t.batchId, t.requestedAt),
  ],
);

/** The phases of a run, in the order BCS resolved them. */
export const pipelinePhases = sqliteTable(
  "pipeline_phases",
  {
    runId: text("run_id").notNull().references(() => pipelineRuns.runId),
    phase: text("phase").$type<PhaseName>().notNull(),
    position: integer("position").notNull(),
    status: text("status").$type<RunStatus>().notNull(),
    dependsOn: text("depends_on", { mode: "json" }).$type<PhaseName[]>().notNull(),
    startedAt: text("started_at"),
    completedAt: text("completed_at"),
    processedCount: integer("processed_count"),
    failedCount: integer("failed_count"),
  },
  (t) => [
    primaryKey({ columns: [t.runId, t.phase] }),
    enumCheck("pipeline_phases_phase_check", t.phase, enumValues(PhaseName)),
    enumCheck("pipeline_phases_status_check", t.status, enumValues(RunStatus)),
  ],
);

/** Essays that failed a phase of a run; they are left out of the run's later phases. */
export const essayFailures = sqliteTable(
  "essay_failures",
  {
    runId: text("run_id").notNull().references(() => pipelineRuns.runId),
    essayId: text("essay_id").notNull().references(() => essays.essayId),
    phase: text("phase").$type<PhaseName>().notNull(),
    failedAt: text("failed_at").notNull(),
  },
  (t) => [primaryKey({ columns: [t.runId, t.essayId] }), enumCheck("essay_failures_phase_check", t.phase, enumValues(PhaseName))],
);
export { batchErasures, retentionNotices } from "./erasure-schema.ts";
