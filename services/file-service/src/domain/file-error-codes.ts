import * as v from "valibot";

/**
 * Why an uploaded file did not become essay content. Carried in
 * `EssayValidationFailedV1.error_code`.
 * @example if (result.code === FileErrorCode.CORRUPT_FILE) ...
 */
export const FileErrorCode = {
  UNSUPPORTED_FILE_TYPE: "UNSUPPORTED_FILE_TYPE",
  CORRUPT_FILE: "CORRUPT_FILE",
  ENCRYPTED_FILE: "ENCRYPTED_FILE",
  FILE_TOO_LARGE: "FILE_TOO_LARGE",
  NO_TEXT_LAYER: "NO_TEXT_LAYER",
  EXTRACTION_TIMEOUT: "EXTRACTION_TIMEOUT",
  EXTRACTION_FAILED: "EXTRACTION_FAILED",
  EMPTY_CONTENT: "EMPTY_CONTENT",
  CONTENT_TOO_SHORT: "CONTENT_TOO_SHORT",
  CONTENT_TOO_LONG: "CONTENT_TOO_LONG",
} as const;
export type FileErrorCode = (typeof FileErrorCode)[keyof typeof FileErrorCode];

export const FileErrorCodeSchema = v.picklist(
  Object.values(FileErrorCode) as [FileErrorCode, ...FileErrorCode[]],
);

/** A file-level failure as a value: extraction and validation never throw. */
export interface FileFailure {
  readonly ok: false;
  readonly code: FileErrorCode;
  readonly message: string;
}

export function fileFailure(code: FileErrorCode, message: string): FileFailure {
  return { ok: false, code, message };
}
