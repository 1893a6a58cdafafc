import type { MiddlewareHandler } from "hono";
import { cors } from "hono/cors";
import { CSRF_HEADER } from "../session/session-cookies.ts";

/**
 * CORS for the configured other origins only (the web app itself is same-origin and needs none).
 * Credentials are allowed so such an origin can use the session routes, which still check CSRF.
 */
export function corsForConfiguredOrigins(origins: readonly string[]): MiddlewareHandler {
  const allowed = new Set(origins);
  return cors({
    origin: (origin) => (allowed.has(origin) ? origin : null),
    credentials: true,
    allowMethods: ["GET", "POST", "PATCH", "PUT", "DELETE", "OPTIONS"],
    allowHeaders: ["Authorization", "Content-Type", "Idempotency-Key", "X-Correlation-ID", CSRF_HEADER],
    exposeHeaders: ["Retry-After", "X-Correlation-ID", "WWW-Authenticate"],
    maxAge: 600,
  });
}
