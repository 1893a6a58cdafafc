import * as v from "valibot";
import { defineTopic } from "../topics.ts";

/** File service → ELS: one uploaded file's text is stored and ready for a slot. */
export const EssayContentProvisionedTopic = defineTopic(
  "huleedu.file.essay.content.provisioned.v1",
  v.object({
    batch_id: v.string(),
    file_upload_id: v.string(),
    original_file_name: v.string(),
    raw_file_storage_id: v.string(),
    text_storage_id: v.string(),
    file_size_bytes: v.number(),
    content_sha256: v.string(),
    student_name: v.nullish(v.string()),
    student_email: v.nullish(v.string()),
  }),
);

/** File service → ELS: one uploaded file could not be used, and why. */
export const EssayValidationFailedTopic = defineTopic(
  "huleedu.file.essay.validation.failed.v1",
  v.object({
    batch_id: v.string(),
    file_upload_id: v.string(),
    original_file_name: v.string(),
    raw_file_storage_id: v.nullish(v.string()),
    file_size_bytes: v.nullish(v.number()),
    error_code: v.string(),
    message: v.string(),
  }),
);

/**
 * File service → ELS: the teacher replaced an accepted file; the upload keeps its id and now holds
 * the new file. `previous_*` are the blobs of the old file (erase them); one event per replacement.
 */
export const EssayFileReplacedTopic = defineTopic(
  "huleedu.file.essay.file.replaced.v1",
  v.object({
    batch_id: v.string(),
    user_id: v.string(),
    file_upload_id: v.string(),
    replacement_id: v.string(),
    original_file_name: v.string(),
    raw_file_storage_id: v.string(),
    text_storage_id: v.string(),
    file_size_bytes: v.number(),
    content_sha256: v.string(),
    student_name: v.nullish(v.string()),
    student_email: v.nullish(v.string()),
    previous_raw_file_storage_id: v.nullable(v.string()),
    previous_text_storage_id: v.nullable(v.string()),
  }),
);
