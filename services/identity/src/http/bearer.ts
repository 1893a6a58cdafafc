import type { Context } from "hono";
import { HuleEduError } from "@shared/contracts/errors.ts";

/** The token of `Authorization: Bearer <token>`; AUTHENTICATION_ERROR when absent. */
export function bearerToken(c: Context): string {
  const header = c.req.header("Authorization") ?? "";
  const match = /^Bearer\s+(\S+)$/i.exec(header);
  if (!match?.[1]) throw new HuleEduError("AUTHENTICATION_ERROR", "Missing bearer token in the Authorization header", { reason: "token_missing" });
  return match[1];
}
