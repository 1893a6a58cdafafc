import * as v from "valibot";

/** Machine-readable error codes shared by every service. */
export const ErrorCode = {
  VALIDATION_ERROR: "VALIDATION_ERROR",
  RESOURCE_NOT_FOUND: "RESOURCE_NOT_FOUND",
  AUTHENTICATION_ERROR: "AUTHENTICATION_ERROR",
  AUTHORIZATION_ERROR: "AUTHORIZATION_ERROR",
  CONFLICT: "CONFLICT",
  PAYLOAD_TOO_LARGE: "PAYLOAD_TOO_LARGE",
  UNSUPPORTED_MEDIA_TYPE: "UNSUPPORTED_MEDIA_TYPE",
  BCS_PIPELINE_COMPATIBILITY_FAILED: "BCS_PIPELINE_COMPATIBILITY_FAILED",
  PIPELINE_DEPENDENCY_RESOLUTION_FAILED: "PIPELINE_DEPENDENCY_RESOLUTION_FAILED",
  INSUFFICIENT_CREDITS: "INSUFFICIENT_CREDITS",
  EXTERNAL_SERVICE_ERROR: "EXTERNAL_SERVICE_ERROR",
  TIMEOUT: "TIMEOUT",
  RATE_LIMIT: "RATE_LIMIT",
  PROCESSING_ERROR: "PROCESSING_ERROR",
  INTERNAL_ERROR: "INTERNAL_ERROR",
} as const;
export type ErrorCode = (typeof ErrorCode)[keyof typeof ErrorCode];
export const ErrorCodeSchema = v.picklist(Object.values(ErrorCode));

const STATUS_BY_CODE: Record<ErrorCode, number> = {
  VALIDATION_ERROR: 400,
  RESOURCE_NOT_FOUND: 404,
  AUTHENTICATION_ERROR: 401,
  AUTHORIZATION_ERROR: 403,
  CONFLICT: 409,
  PAYLOAD_TOO_LARGE: 413,
  UNSUPPORTED_MEDIA_TYPE: 415,
  BCS_PIPELINE_COMPATIBILITY_FAILED: 422,
  PIPELINE_DEPENDENCY_RESOLUTION_FAILED: 422,
  INSUFFICIENT_CREDITS: 402,
  EXTERNAL_SERVICE_ERROR: 502,
  TIMEOUT: 504,
  RATE_LIMIT: 429,
  PROCESSING_ERROR: 500,
  INTERNAL_ERROR: 500,
};

/** HTTP status that goes with an error code. */
export function httpStatusFor(code: ErrorCode): number {
  return STATUS_BY_CODE[code];
}

/** The JSON body of every HTTP error and the error part of failure events. */
export const ErrorDetailSchema = v.object({
  error_code: ErrorCodeSchema,
  message: v.string(),
  details: v.optional(v.record(v.string(), v.unknown())),
  correlation_id: v.optional(v.string()),
  service: v.optional(v.string()),
});
export type ErrorDetail = v.InferOutput<typeof ErrorDetailSchema>;

/**
 * The one error type services throw for expected failures.
 * @example throw new HuleEduError("RESOURCE_NOT_FOUND", "Batch not found", { batch_id })
 */
export class HuleEduError extends Error {
  override readonly name = "HuleEduError";
  constructor(
    readonly code: ErrorCode,
    message: string,
    readonly details: Record<string, unknown> = {},
    readonly correlationId?: string,
    readonly service?: string,
  ) {
    super(message);
  }

  get status(): number {
    return httpStatusFor(this.code);
  }

  toDetail(fallback: { correlationId?: string; service?: string } = {}): ErrorDetail {
    const detail: ErrorDetail = { error_code: this.code, message: this.message };
    if (Object.keys(this.details).length > 0) detail.details = this.details;
    const correlationId = this.correlationId ?? fallback.correlationId;
    if (correlationId) detail.correlation_id = correlationId;
    const service = this.service ?? fallback.service;
    if (service) detail.service = service;
    return detail;
  }

  static fromDetail(detail: ErrorDetail): HuleEduError {
    return new HuleEduError(
      detail.error_code,
      detail.message,
      detail.details ?? {},
      detail.correlation_id,
      detail.service,
    );
  }
}

/** Field-level messages from valibot issues, e.g. `{ "files.0.name": "Invalid type" }`. */
export function validationDetails(issues: readonly v.BaseIssue<unknown>[]): Record<string, unknown> {
  const fields: Record<string, string> = {};
  for (const issue of issues) {
    const path = v.getDotPath(issue) ?? "(root)";
    fields[path] ??= issue.message;
  }
  return { fields };
}

/** Validate `input` against `schema`, or throw a VALIDATION_ERROR naming every bad field. */
export function parseOrThrow<S extends v.GenericSchema>(
  schema: S,
  input: unknown,
  what = "request",
): v.InferOutput<S> {
  const result = v.safeParse(schema, input);
  if (result.success) return result.output;
  const details = validationDetails(result.issues);
  const fields = Object.entries(details.fields as Record<string, string>)
    .map(([path, msg]) => `${path}: ${msg}`)
    .join("; ");
  throw new HuleEduError("VALIDATION_ERROR", `Invalid ${what}: ${fields}`, details);
}
