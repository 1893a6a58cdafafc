import type { Context } from "hono";
import * as v from "valibot";
import { ErrorCode, HuleEduError, parseOrThrow } from "@shared/contracts/errors.ts";
import { UploadHeadersSchema } from "./schemas.ts";
import { baseName, type UploadLimits } from "./upload-form.ts";

const MAX_FILE_NAME_LENGTH = 255;
const ReplaceFormSchema = v.object({
  file: v.pipe(v.array(v.file("file must be a file"), "file is required"), v.length(1, "exactly one file is required")),
});

export interface ReplacementForm {
  readonly userId: string;
  readonly fileName: string;
  readonly bytes: Uint8Array;
}

/** The checked replacement request (multipart, one `file`), or the same 4xx answers as an upload. */
export async function readReplacementForm(c: Context, limits: Pick<UploadLimits, "maxFileBytes">): Promise<ReplacementForm> {
  const declared = Number(c.req.header("Content-Length") ?? "0");
  if (declared > limits.maxFileBytes + 64 * 1024) {
    throw new HuleEduError(ErrorCode.PAYLOAD_TOO_LARGE, `Files must be at most ${limits.maxFileBytes} bytes.`, { max_file_bytes: limits.maxFileBytes });
  }
  if (!(c.req.header("Content-Type") ?? "").toLowerCase().startsWith("multipart/form-data")) {
    throw new HuleEduError(ErrorCode.UNSUPPORTED_MEDIA_TYPE, "A replacement must be multipart/form-data with one field file.");
  }
  const headers = parseOrThrow(UploadHeadersSchema, { "X-User-ID": c.req.header("X-User-ID") }, "headers");
  let form: FormData;
  try {
    form = await c.req.formData();
  } catch {
    throw new HuleEduError(ErrorCode.VALIDATION_ERROR, "The multipart body could not be parsed.");
  }
  const parsed = parseOrThrow(ReplaceFormSchema, { file: form.has("file") ? form.getAll("file") : undefined }, "replacement form");
  const file = parsed.file[0] as File;
  if (file.size > limits.maxFileBytes) {
    throw new HuleEduError(ErrorCode.PAYLOAD_TOO_LARGE, `Files must be at most ${limits.maxFileBytes} bytes: ${baseName(file.name)}.`, {
      max_file_bytes: limits.maxFileBytes, files: [{ file_name: baseName(file.name), size_bytes: file.size }],
    });
  }
  const fileName = baseName(file.name);
  if (fileName === "" || fileName.length > MAX_FILE_NAME_LENGTH) {
    throw new HuleEduError(ErrorCode.VALIDATION_ERROR, `The file needs a file name of at most ${MAX_FILE_NAME_LENGTH} characters.`, { fields: { file: "file name is missing or too long" } });
  }
  return { userId: headers["X-User-ID"], fileName, bytes: await file.bytes() };
}
