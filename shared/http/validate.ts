import * as v from "valibot";
import type { Context } from "hono";
import { HuleEduError, parseOrThrow } from "../contracts/errors.ts";

/** Parse the JSON body and validate it; 400 with field details when it does not fit. */
export async function readJson<S extends v.GenericSchema>(c: Context, schema: S): Promise<v.InferOutput<S>> {
  let body: unknown;
  try {
    body = await c.req.json();
  } catch {
    throw new HuleEduError("VALIDATION_ERROR", "Request body must be valid JSON");
  }
  return parseOrThrow(schema, body, "request body");
}

/** Validate path parameters. */
export function readParams<S extends v.GenericSchema>(c: Context, schema: S): v.InferOutput<S> {
  return parseOrThrow(schema, c.req.param(), "path parameters");
}

/** Validate query parameters. */
export function readQuery<S extends v.GenericSchema>(c: Context, schema: S): v.InferOutput<S> {
  return parseOrThrow(schema, c.req.query(), "query parameters");
}
