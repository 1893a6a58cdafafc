import type { ApiProblem } from "../api/session.ts";
import type { MessageKey } from "../i18n/en.ts";
import type { Translate } from "../i18n/i18n.ts";

// Why a file could not be used (file-service's FileErrorCode), then the 409 reasons of the run-control
// and file routes, then the error codes themselves: the most specific known one wins.
const FILE_ERRORS = ["UNSUPPORTED_FILE_TYPE", "CORRUPT_FILE", "ENCRYPTED_FILE", "FILE_TOO_LARGE", "NO_TEXT_LAYER", "EXTRACTION_TIMEOUT", "EXTRACTION_FAILED", "EMPTY_CONTENT", "CONTENT_TOO_SHORT", "CONTENT_TOO_LONG"];
const REASONS = ["no_pipeline_running", "no_runs", "no_failed_essays", "pipeline_in_progress", "phase_not_retryable", "pipeline_running", "duplicate_content", "replacement_conflict", "last_essay", "batch_not_accepting_files"];
const CODES = ["INSUFFICIENT_CREDITS", "PAYLOAD_TOO_LARGE", "RESOURCE_NOT_FOUND", "RATE_LIMITED", "UNSUPPORTED_MEDIA_TYPE"];

/**
 * An API refusal as a plain sentence in the UI language; `validation` names the sentence for a
 * VALIDATION_ERROR in this place (e.g. a name that is too long). Unknown problems keep the server's words.
 * @example problemSentence(t, { status: 409, error_code: "CONFLICT", message: "…", details: { reason: "no_failed_essays" } })
 */
export function problemSentence(t: Translate, problem: ApiProblem, validation?: MessageKey): string {
  const fileError = problem.details?.file_error_code;
  if (typeof fileError === "string" && FILE_ERRORS.includes(fileError)) return t(`file_error_${fileError}` as MessageKey);
  const reason = problem.details?.reason;
  if (typeof reason === "string" && REASONS.includes(reason)) return t(`problem_${reason}` as MessageKey);
  if (CODES.includes(problem.error_code)) return t(`problem_${problem.error_code}` as MessageKey);
  if (problem.error_code === "VALIDATION_ERROR" && validation) return t(validation);
  return t("problem_unknown", { message: problem.message });
}

/**
 * Why one uploaded file was not accepted, as a plain sentence; the server's words for a reason
 * without one (e.g. a failure to store the file).
 */
export function fileErrorSentence(t: Translate, errorCode: string | undefined, message: string | undefined): string {
  if (errorCode && FILE_ERRORS.includes(errorCode)) return t(`file_error_${errorCode}` as MessageKey);
  return message ? t("problem_unknown", { message }) : t("rejected");
}

/** The problem of a failed openapi-fetch call (its parsed error body and response). */
export function problemOf(error: unknown, response: Response): ApiProblem {
  const body = (error ?? {}) as Partial<ApiProblem>;
  return { status: response.status, error_code: body.error_code ?? "UNKNOWN", message: body.message ?? response.statusText, ...(body.details ? { details: body.details } : {}) };
}
