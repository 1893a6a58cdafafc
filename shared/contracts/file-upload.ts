// The file service's answer to a batch upload (`POST /internal/v1/files/batch`): the file service
// serves it, the gateway parses it and turns it into its public per-file result.
import * as v from "valibot";
import { ErrorDetailSchema } from "./errors.ts";

export const FileUploadResultSchema = v.pipe(
  v.object({
    file_name: v.string(),
    file_upload_id: v.string(),
    status: v.picklist(["accepted", "rejected"]),
    error_code: v.optional(v.pipe(v.string(), v.description(
      "Why the file was rejected: a file error (reported to ELS by EssayValidationFailed) or " +
        "EXTERNAL_SERVICE_ERROR / PROCESSING_ERROR (nothing reported; send the file again).",
    ))),
    message: v.optional(v.string()),
  }),
  v.title("FileUploadResult"),
);

export const BatchUploadResponseSchema = v.pipe(
  v.object({ batch_id: v.string(), files: v.array(FileUploadResultSchema) }),
  v.title("BatchUploadResponse"),
);

/** No file reached an outcome: the error body plus the per-file answer. */
export const BatchUploadFailureSchema = v.pipe(
  v.object({ ...ErrorDetailSchema.entries, batch_id: v.string(), files: v.array(FileUploadResultSchema) }),
  v.title("BatchUploadFailure"),
);
export type FileUploadResult = v.InferOutput<typeof FileUploadResultSchema>;
export type BatchUploadResponse = v.InferOutput<typeof BatchUploadResponseSchema>;

/** The file service's answer to a replacement (`PUT /internal/v1/batches/{id}/files/{upload_id}`): the file service serves it, the gateway parses it. */
export const FileReplacementResponseSchema = v.pipe(
  v.object({
    batch_id: v.string(),
    file_upload_id: v.string(),
    file_name: v.string(),
    status: v.pipe(v.picklist(["replaced", "unchanged"]), v.description("unchanged: the same file or text again; nothing was done")),
    replacement_id: v.nullable(v.string()),
  }),
  v.title("FileReplacementResponse"),
);
export type FileReplacementResponse = v.InferOutput<typeof FileReplacementResponseSchema>;
