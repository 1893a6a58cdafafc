import type { MiddlewareHandler } from "hono";
import { bodyLimit } from "hono/body-limit";
import { HuleEduError } from "@shared/contracts/errors.ts";

/**
 * 413 PAYLOAD_TOO_LARGE for a body over `maxBytes`, declared or streamed, before a route reads it
 * (the server's own limit is sized for file uploads).
 * @example app.post("/v1/prompts", requestBodyLimit(128 * 1024), handler)
 */
export function requestBodyLimit(maxBytes: number): MiddlewareHandler {
  return bodyLimit({
    maxSize: maxBytes,
    onError: () => {
      throw new HuleEduError("PAYLOAD_TOO_LARGE", `Request body is larger than ${maxBytes} bytes`, { max_bytes: maxBytes });
    },
  });
}
