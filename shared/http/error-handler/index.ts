import type { Context, ErrorHandler } from "hono";
import { HTTPException } from "hono/http-exception";
import type { ContentfulStatusCode } from "hono/utils/http-status";
import { HuleEduError } from "../../contracts/errors.ts";
import type { Logger } from "../../observability/logger.ts";

function fromHttpException(err: HTTPException): HuleEduError {
  const code =
    err.status === 401 ? "AUTHENTICATION_ERROR"
    : err.status === 403 ? "AUTHORIZATION_ERROR"
    : err.status === 404 ? "RESOURCE_NOT_FOUND"
    : err.status === 413 ? "PAYLOAD_TOO_LARGE"
    : err.status === 429 ? "RATE_LIMIT"
    : err.status < 500 ? "VALIDATION_ERROR"
    : "INTERNAL_ERROR";
  return new HuleEduError(code, err.message || "Request failed");
}

/**
 * Turns every thrown error into the HuleEduError JSON body with a matching status; unexpected
 * errors become a 500 that hides internals but keeps the correlation id.
 * @example app.onError(errorHandler({ service: "content-service", logger }))
 */
export function errorHandler(options: { service: string; logger: Logger }): ErrorHandler {
  const { service, logger } = options;
  return function handleError(err: Error, c: Context) {
    const correlationId = (c.get("correlationId") as string | undefined) ?? undefined;
    let error: HuleEduError;
    if (err instanceof HuleEduError) error = err;
    else if (err instanceof HTTPException) error = fromHttpException(err);
    else if (err instanceof SyntaxError) error = new HuleEduError("VALIDATION_ERROR", "Request body is not valid JSON");
    else {
      logger.error("unhandled error", { correlation_id: correlationId, path: c.req.path, error: err });
      error = new HuleEduError("INTERNAL_ERROR", "Internal server error");
    }
    const body = error.toDetail({ service, ...(correlationId ? { correlationId } : {}) });
    return c.json(body, error.status as ContentfulStatusCode);
  };
}

/** 404 for unknown routes in the same error shape. */
export function notFoundHandler(service: string) {
  return function notFound(c: Context) {
    const correlationId = c.get("correlationId") as string | undefined;
    const error = new HuleEduError("RESOURCE_NOT_FOUND", `No route for ${c.req.method} ${c.req.path}`);
    return c.json(error.toDetail({ service, ...(correlationId ? { correlationId } : {}) }), 404);
  };
}
