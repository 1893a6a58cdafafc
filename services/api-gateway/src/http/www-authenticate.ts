import type { MiddlewareHandler } from "hono";

/** RFC 6750: every 401 says how to authenticate (and, for a bad token, why). */
export function wwwAuthenticate(): MiddlewareHandler {
  return async function wwwAuthenticateMiddleware(c, next) {
    await next();
    if (c.res.status !== 401 || c.res.headers.has("WWW-Authenticate")) return;
    let reason: string | undefined;
    try {
      const body = (await c.res.clone().json()) as { details?: { reason?: unknown } };
      reason = typeof body.details?.reason === "string" ? body.details.reason : undefined;
    } catch {
      /* not a JSON error body */
    }
    const invalid = reason === "token_invalid" || reason === "token_expired";
    c.res.headers.set("WWW-Authenticate", invalid ? `Bearer realm="huleedu", error="invalid_token", error_description="${reason}"` : `Bearer realm="huleedu"`);
  };
}
