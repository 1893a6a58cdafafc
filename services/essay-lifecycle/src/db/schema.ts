// Relative imports only: drizzle-kit does not resolve the @shared alias.
import { sql } from "drizzle-orm";
import { index, integer, primaryKey, sqliteTable, text, uniqueIndex } from "drizzle-orm/sqlite-core";
import { enumCheck } from "../../../../shared/db/schema.ts";
import { enumValues, EssayStatus, Language, PhaseName } from "../../../../shared/contracts/enums.ts";
import type { StorageReferenceMetadata } from "../../../../shared/contracts/storage.ts";
import type { PhaseResultRefs } from "../../../../shared/contracts/events/phase-outcome.ts";
import { ContentOutcome, PhaseRunEssayStatus, PhaseRunStatus } from "./statuses.ts";

export { outbox, processedEvents } from "../../../../shared/db/schema.ts";

/** A registered batch and the context later phases and readers need. */
export const batches = sqliteTable(
  "batches",
  {
    batchId: text("batch_id").primaryKey(),
    expectedCount: integer("expected_count").notNull(),
    courseCode: text("course_code").notNull(),
    language: text("language").notNull().$type<Language>(),
    essayInstructions: text("essay_instructions").notNull(),
    studentPromptRef: text("student_prompt_ref", { mode: "json" }).$type<StorageReferenceMetadata>(),
    userId: text("user_id").notNull(),
    orgId: text("org_id"),
    classId: text("class_id"),
    assignmentId: text("assignment_id"),
    registeredAt: text("registered_at").notNull(),
    provisioningCompletedAt: text("provisioning_completed_at"),
    /**
     * Bumped whenever slots are added or removed: each generation of the essay set is handed on at
     * most once, and a set that returns to an earlier one (a slot added, then removed) is a new one.
     */
    essaySetVersion: integer("essay_set_version").notNull().default(0),
    /** When the owner last cancelled a pipeline: phase commands and results from before it are stale. */
    pipelineCancelledAt: text("pipeline_cancelled_at"),
  },
  (t) => [enumCheck("batches_language_check", t.language, enumValues(Language))],
);

/** One slot per expected essay; content fills it once. `text_storage_id` is the essay's current text. */
export const essays = sqliteTable(
  "essays",
  {
    essayId: text("essay_id").primaryKey(),
    batchId: text("batch_id").notNull().references(() => batches.batchId),
    slotIndex: integer("slot_index").notNull(),
    status: text("status").notNull().$type<EssayStatus>(),
    textStorageId: text("text_storage_id"),
    originalTextStorageId: text("original_text_storage_id"),
    rawFileStorageId: text("raw_file_storage_id"),
    fileUploadId: text("file_upload_id"),
    originalFileName: text("original_file_name"),
    contentSha256: text("content_sha256"),
    studentName: text("student_name"),
    studentEmail: text("student_email"),
    createdAt: text("created_at").notNull(),
    updatedAt: text("updated_at").notNull(),
  },
  (t) => [
    enumCheck("essays_status_check", t.status, enumValues(EssayStatus)),
    index("essays_batch_slot_idx").on(t.batchId, t.slotIndex),
    // A slot never holds the same content as another slot of its batch (NULLs = free slots are distinct).
    uniqueIndex("essays_batch_content_uq").on(t.batchId, t.contentSha256),
  ],
);

/**
 * Slots BOS removed. A removal can overtake its addition (two workers, a retried addition): the
 * late addition must not bring the slot back, or the batch would await content for ever.
 */
export const removedSlots = sqliteTable(
  "removed_slots",
  {
    essayId: text("essay_id").primaryKey(),
    batchId: text("batch_id").notNull(),
    removedAt: text("removed_at").notNull(),
  },
  (t) => [index("removed_slots_batch_idx").on(t.batchId)],
);

/** Every distinct content a registered batch received: the primary key is the duplicate gate. */
export const batchContents = sqliteTable(
  "batch_contents",
  {
    batchId: text("batch_id").notNull().references(() => batches.batchId),
    contentSha256: text("content_sha256").notNull(),
    fileUploadId: text("file_upload_id").notNull(),
    originalFileName: text("original_file_name").notNull(),
    textStorageId: text("text_storage_id").notNull(),
    outcome: text("outcome").notNull().$type<ContentOutcome>(),
    essayId: text("essay_id"),
    receivedAt: text("received_at").notNull(),
  },
  (t) => [primaryKey({ columns: [t.batchId, t.contentSha256] }), enumCheck("batch_contents_outcome_check", t.outcome, enumValues(ContentOutcome))],
);

/** Content that arrived before its batch was registered; applied in arrival order on registration. */
export const pendingContents = sqliteTable(
  "pending_contents",
  {
    id: integer("id").primaryKey({ autoIncrement: true }),
    batchId: text("batch_id").notNull(),
    fileUploadId: text("file_upload_id").notNull(),
    payload: text("payload").notNull(),
    correlationId: text("correlation_id").notNull(),
    receivedAt: text("received_at").notNull(),
  },
  (t) => [uniqueIndex("pending_contents_upload_uq").on(t.batchId, t.fileUploadId)],
);

/** Files that could not become essays; no foreign key, so a failure may precede registration. */
export const validationFailures = sqliteTable(
  "validation_failures",
  {
    batchId: text("batch_id").notNull(),
    fileUploadId: text("file_upload_id").notNull(),
    originalFileName: text("original_file_name").notNull(),
    errorCode: text("error_code").notNull(),
    message: text("message").notNull(),
    receivedAt: text("received_at").notNull(),
  },
  (t) => [primaryKey({ columns: [t.batchId, t.fileUploadId] })],
);

/** One phase command for one batch; at most one run of a phase is in progress per batch. */
export const phaseRuns = sqliteTable(
  "phase_runs",
  {
    runId: text("run_id").primaryKey(),
    batchId: text("batch_id").notNull(),
    phase: text("phase").notNull().$type<PhaseName>(),
    status: text("status").notNull().$type<PhaseRunStatus>(),
    commandEventId: text("command_event_id").notNull(),
    /** The command's correlation id, carried by events the run emits later (deadline, DLQ). */
    correlationId: text("correlation_id"),
    startedAt: text("started_at").notNull(),
    /** Essays still pending at this time fail with TIMEOUT. Null only on runs opened before deadlines existed. */
    deadlineAt: text("deadline_at"),
    completedAt: text("completed_at"),
  },
  (t) => [
    enumCheck("phase_runs_phase_check", t.phase, enumValues(PhaseName)),
    enumCheck("phase_runs_status_check", t.status, enumValues(PhaseRunStatus)),
    uniqueIndex("phase_runs_active_uq").on(t.batchId, t.phase).where(sql`status = 'IN_PROGRESS'`),
    index("phase_runs_deadline_idx").on(t.status, t.deadlineAt),
  ],
);

/** The essays of a run and how each ended; a result only counts while its row is pending. */
export const phaseRunEssays = sqliteTable(
  "phase_run_essays",
  {
    runId: text("run_id").notNull().references(() => phaseRuns.runId),
    essayId: text("essay_id").notNull(),
    inputTextStorageId: text("input_text_storage_id").notNull(),
    /** The event id of the request sent for this essay (CJ: the batch's one request), to match its dead letter. */
    requestEventId: text("request_event_id"),
    status: text("status").notNull().$type<PhaseRunEssayStatus>(),
    resultTextStorageId: text("result_text_storage_id"),
    /** Where the phase service put the essay's results (storage ids, small summaries), as it reported them; carried by the outcome. */
    resultRefs: text("result_refs", { mode: "json" }).$type<PhaseResultRefs>(),
    failureReason: text("failure_reason"),
    finishedAt: text("finished_at"),
  },
  (t) => [
    primaryKey({ columns: [t.runId, t.essayId] }),
    enumCheck("phase_run_essays_status_check", t.status, enumValues(PhaseRunEssayStatus)),
    index("phase_run_essays_essay_idx").on(t.essayId),
    index("phase_run_essays_request_idx").on(t.requestEventId),
  ],
);
