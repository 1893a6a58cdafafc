import * as v from "valibot";
import { FileUploadStatus } from "../db/upload-states.ts";

const BatchIdSchema = v.pipe(
  v.string("batch_id is required"),
  v.trim(),
  v.nonEmpty("batch_id must not be empty"),
  v.maxLength(128, "batch_id is at most 128 characters"),
  v.regex(/^[A-Za-z0-9._:-]+$/, "batch_id may hold only letters, digits and . _ : -"),
);

export const BatchIdParamsSchema = v.object({ batch_id: BatchIdSchema });
export const FileParamsSchema = v.object({ batch_id: BatchIdSchema, file_upload_id: v.pipe(v.string(), v.nonEmpty(), v.maxLength(128)) });

/** The multipart body of a replacement, as documented. */
export const ReplaceFormDocSchema = v.object({
  file: v.pipe(v.string(), v.metadata({ format: "binary" }), v.description("The new file: .txt, .docx or .pdf, read and validated like an upload.")),
});

/** The headers the gateway sends with an upload. */
export const UploadHeadersSchema = v.object({
  "X-User-ID": v.pipe(v.string("X-User-ID (the uploading teacher) is required"), v.trim(), v.nonEmpty("X-User-ID must not be empty"), v.maxLength(255)),
  "Idempotency-Key": v.optional(
    v.pipe(v.string(), v.trim(), v.regex(/^[\x21-\x7e]{1,255}$/, "Idempotency-Key is 1-255 visible ASCII characters")),
  ),
});

/** The multipart fields as parsed (files are `File` objects). */
export const UploadFormSchema = v.object({
  batch_id: BatchIdSchema,
  files: v.pipe(
    v.array(v.file("each files entry must be a file"), "files is required"),
    v.minLength(1, "at least one file is required"),
  ),
});

/** The multipart body as documented (OpenAPI has no File type). */
export const UploadFormDocSchema = v.object({
  batch_id: v.pipe(v.string(), v.description("The batch the essays belong to (ownership checked by the caller).")),
  files: v.pipe(
    v.array(v.pipe(v.string(), v.metadata({ format: "binary" }))),
    v.description("One or more essay files: .txt (UTF-8, UTF-16 with BOM, Latin-1), .docx or .pdf."),
  ),
});

export const FileUploadRecordSchema = v.pipe(
  v.object({
    file_upload_id: v.string(),
    file_name: v.string(),
    status: v.picklist(Object.values(FileUploadStatus)),
    error_code: v.nullable(v.string()),
    message: v.nullable(v.string()),
    file_size_bytes: v.number(),
    raw_file_storage_id: v.nullable(v.string()),
    text_storage_id: v.nullable(v.string()),
    content_sha256: v.nullable(v.string()),
    student_name: v.nullable(v.string()),
    student_email: v.nullable(v.string()),
    user_id: v.string(),
    correlation_id: v.string(),
    created_at: v.string(),
    updated_at: v.string(),
  }),
  v.title("FileUploadRecord"),
);

export const BatchUploadsResponseSchema = v.pipe(
  v.object({ batch_id: v.string(), uploads: v.array(FileUploadRecordSchema) }),
  v.title("BatchUploadsResponse"),
);

export type FileUploadRecordView = v.InferOutput<typeof FileUploadRecordSchema>;
