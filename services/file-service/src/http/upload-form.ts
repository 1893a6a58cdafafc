import type { Context } from "hono";
import { ErrorCode, HuleEduError, parseOrThrow } from "@shared/contracts/errors.ts";
import { UploadFormSchema, UploadHeadersSchema } from "./schemas.ts";

const MAX_FILE_NAME_LENGTH = 255;

export interface UploadLimits {
  readonly maxFilesPerRequest: number;
  readonly maxFileBytes: number;
  readonly maxRequestBytes: number;
}

export interface UploadForm {
  readonly batchId: string;
  readonly userId: string;
  readonly idempotencyKey: string | null;
  readonly files: readonly { readonly fileName: string; readonly bytes: Uint8Array }[];
}

/**
 * The checked upload request, or a 4xx before any file is stored: 413 for a body or a file over
 * its limit, 415 for a body that is not multipart, 400 for missing or malformed fields and for
 * more files than allowed.
 */
export async function readUploadForm(c: Context, limits: UploadLimits): Promise<UploadForm> {
  const declared = Number(c.req.header("Content-Length") ?? "0");
  if (declared > limits.maxRequestBytes) {
    throw new HuleEduError(ErrorCode.PAYLOAD_TOO_LARGE, `The upload is larger than ${limits.maxRequestBytes} bytes.`, {
      max_request_bytes: limits.maxRequestBytes,
    });
  }
  if (!(c.req.header("Content-Type") ?? "").toLowerCase().startsWith("multipart/form-data")) {
    throw new HuleEduError(ErrorCode.UNSUPPORTED_MEDIA_TYPE, "The upload must be multipart/form-data with batch_id and files.");
  }
  const headers = parseOrThrow(UploadHeadersSchema, {
    "X-User-ID": c.req.header("X-User-ID"),
    "Idempotency-Key": c.req.header("Idempotency-Key"),
  }, "headers");
  let form: FormData;
  try {
    form = await c.req.formData();
  } catch {
    throw new HuleEduError(ErrorCode.VALIDATION_ERROR, "The multipart body could not be parsed.");
  }
  const parsed = parseOrThrow(UploadFormSchema, {
    batch_id: form.get("batch_id") ?? undefined,
    files: form.has("files") ? form.getAll("files") : undefined,
  }, "upload form");
  if (parsed.files.length > limits.maxFilesPerRequest) {
    throw new HuleEduError(ErrorCode.VALIDATION_ERROR, `At most ${limits.maxFilesPerRequest} files can be uploaded at once; send the rest in another request.`, {
      fields: { files: `at most ${limits.maxFilesPerRequest} files per request` },
      max_files_per_request: limits.maxFilesPerRequest, file_count: parsed.files.length,
    });
  }
  const tooBig = parsed.files.filter((f) => f.size > limits.maxFileBytes);
  if (tooBig.length > 0) {
    throw new HuleEduError(ErrorCode.PAYLOAD_TOO_LARGE, `Files must be at most ${limits.maxFileBytes} bytes: ${tooBig.map((f) => baseName(f.name)).join(", ")}.`, {
      max_file_bytes: limits.maxFileBytes,
      files: tooBig.map((f) => ({ file_name: baseName(f.name), size_bytes: f.size })),
    });
  }
  const files = await Promise.all(parsed.files.map(async (f) => ({ fileName: baseName(f.name), bytes: await f.bytes() })));
  const badName = files.findIndex((f) => f.fileName === "" || f.fileName.length > MAX_FILE_NAME_LENGTH);
  if (badName >= 0) {
    throw new HuleEduError(ErrorCode.VALIDATION_ERROR, `Every file needs a file name of at most ${MAX_FILE_NAME_LENGTH} characters.`, {
      fields: { [`files.${badName}`]: "file name is missing or too long" },
    });
  }
  return { batchId: parsed.batch_id, userId: headers["X-User-ID"], idempotencyKey: headers["Idempotency-Key"] ?? null, files };
}

/** The name without any client path ("C:\\Users\\a\\essay.docx" → "essay.docx"). */
export function baseName(name: string | undefined): string {
  return (name ?? "").split(/[\\/]/).pop()?.trim() ?? "";
}
