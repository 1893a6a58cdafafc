import * as v from "valibot";
import { defineTopic } from "../topics.ts";

/** Why a batch is being erased: the owner asked, or the retention period ran out. */
export const ErasureReasonSchema = v.picklist(["owner_request", "retention"]);

/**
 * BOS → every service that keeps batch data: erase everything of this batch (rows, content
 * blobs, published outbox rows). BOS has already dropped its own context. Carries ids only.
 */
export const BatchErasureRequestedTopic = defineTopic(
  "huleedu.batch.erasure.requested.v1",
  v.object({
    batch_id: v.string(),
    user_id: v.string(),
    essay_ids: v.array(v.string()),
    reason: ErasureReasonSchema,
    /** The services BOS waits for; each answers with one step-completed event. */
    participants: v.array(v.string()),
  }),
);

/** A service → BOS: it erased what it held of the batch (counts only, for the audit trail). */
export const BatchErasureStepCompletedTopic = defineTopic(
  "huleedu.batch.erasure.step.completed.v1",
  v.object({
    batch_id: v.string(),
    user_id: v.string(),
    service: v.string(),
    erased_rows: v.number(),
    erased_contents: v.number(),
  }),
);

/** BOS → teacher and audit: every participant erased the batch and its stream entries are gone. */
export const BatchErasedTopic = defineTopic(
  "huleedu.batch.erased.v1",
  v.object({
    batch_id: v.string(),
    user_id: v.string(),
    reason: ErasureReasonSchema,
    services: v.array(v.string()),
    scrubbed_stream_entries: v.number(),
  }),
);

/** BOS → owner: a batch will be erased by the retention policy on `erase_after` unless exported. */
export const BatchRetentionNoticeTopic = defineTopic(
  "huleedu.batch.retention.notice.v1",
  v.object({
    batch_id: v.string(), user_id: v.string(), erase_after: v.string(), retention_days: v.number(),
    /** What the owner knows the batch by (for the mail); optional so older entries still parse. */
    course_code: v.optional(v.string()),
    essay_instructions: v.optional(v.string()),
  }),
);

/** BOS → ELS, RAS: empty essay slots were added to a batch (the teacher uploads their files next). */
export const BatchEssaysAddedTopic = defineTopic(
  "huleedu.batch.essays.added.v1",
  v.object({ batch_id: v.string(), user_id: v.string(), essay_ids: v.array(v.string()), expected_essay_count: v.number() }),
);

/** BOS → ELS: the teacher removed one essay (and its file) from a batch that is not processing. */
export const BatchEssayRemovalRequestedTopic = defineTopic(
  "huleedu.batch.essay.removal.requested.v1",
  v.object({ batch_id: v.string(), user_id: v.string(), essay_id: v.string(), expected_essay_count: v.number() }),
);

/** ELS → file service, RAS, ai-feedback: the slot and its content are gone; erase what you hold of it. */
export const EssaySlotRemovedTopic = defineTopic(
  "huleedu.els.essay.slot.removed.v1",
  v.object({
    batch_id: v.string(),
    user_id: v.string(),
    essay_id: v.string(),
    file_upload_id: v.nullable(v.string()),
    expected_count: v.number(),
  }),
);

/**
 * ELS → RAS (and any service holding per-essay results): the slot keeps its essay id but has a new
 * text; every result derived from the old text (corrections, metrics, CJ scores, feedback) is stale.
 */
export const EssaySlotContentReplacedTopic = defineTopic(
  "huleedu.els.essay.slot.content.replaced.v1",
  v.object({
    batch_id: v.string(),
    user_id: v.string(),
    essay_id: v.string(),
    file_upload_id: v.string(),
    replacement_id: v.string(),
    original_file_name: v.string(),
    text_storage_id: v.string(),
    student_name: v.nullish(v.string()),
    student_email: v.nullish(v.string()),
  }),
);
