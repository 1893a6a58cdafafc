import type { Context } from "hono";
import { HuleEduError } from "@shared/contracts/errors.ts";

const KEY = /^[\x21-\x7e]{1,200}$/;

/**
 * The client's `Idempotency-Key`, passed on to BOS (scoped per user there) and the file service
 * (scoped per batch, which the gateway has checked belongs to the caller); 400 when malformed.
 */
export function idempotencyKey(c: Context): string | undefined {
  const key = c.req.header("Idempotency-Key");
  if (key === undefined) return undefined;
  if (!KEY.test(key)) {
    throw new HuleEduError("VALIDATION_ERROR", "Idempotency-Key must be 1-200 visible ASCII characters", { fields: { "Idempotency-Key": "must be 1-200 visible ASCII characters" } });
  }
  return key;
}
