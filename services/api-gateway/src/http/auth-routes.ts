import type { Context, Hono } from "hono";
import { HuleEduError } from "@shared/contracts/errors.ts";
import { CORRELATION_HEADER } from "@shared/http/correlation-id/index.ts";
import type { Logger } from "@shared/observability/logger.ts";
import type { GatewayEnv } from "./gateway-env.ts";
import { traceHeaders } from "@shared/observability/trace-context.ts";

export interface AuthRoutesDeps {
  identityUrl: string;
  timeoutMs: number;
  /** Take the client address from X-Forwarded-For (a trusted proxy in front of the gateway). */
  trustForwardedFor: boolean;
  logger: Logger;
}

interface AddressSource { requestIP(request: Request): { address: string } | null }
const hasRequestIp = (env: unknown): env is AddressSource =>
  typeof env === "object" && env !== null && typeof (env as Partial<AddressSource>).requestIP === "function";

/** Identity's public routes, relayed as they are: only the gateway is published. */
const RELAYED = [
  ["POST", "/v1/auth/register"], ["POST", "/v1/auth/login"], ["POST", "/v1/auth/refresh"], ["GET", "/v1/auth/me"],
  ["POST", "/v1/auth/email/verify"], ["POST", "/v1/auth/email/verify/resend"], ["POST", "/v1/auth/password/forgot"],
  ["POST", "/v1/auth/password/reset"], ["POST", "/v1/auth/password/change"], ["POST", "/v1/auth/logout"], ["POST", "/v1/auth/logout-all"],
  ["GET", "/v1/auth/sessions"], ["DELETE", "/v1/auth/sessions/:session_id"], ["GET", "/v1/auth/profile"], ["PATCH", "/v1/auth/profile"],
] as const;
const PASSED_HEADERS = ["Content-Type", "Retry-After", "Cache-Control"];

/**
 * Sign-up, login, refresh and "me" through the gateway, before `authenticate()` (they are how a
 * token is obtained). Identity validates and rate-limits them; the gateway tells it the client's address.
 */
export function registerAuthRoutes(app: Hono<GatewayEnv>, deps: AuthRoutesDeps): void {
  const { identityUrl, timeoutMs, trustForwardedFor, logger } = deps;

  function clientAddress(c: Context<GatewayEnv>): string {
    const forwarded = trustForwardedFor ? c.req.header("X-Forwarded-For")?.split(",")[0]?.trim() : undefined;
    return forwarded || (hasRequestIp(c.env) ? c.env.requestIP(c.req.raw)?.address : undefined) || "unknown";
  }

  async function relay(c: Context<GatewayEnv>): Promise<Response> {
    const headers: Record<string, string> = { [CORRELATION_HEADER]: c.var.correlationId, "X-Forwarded-For": clientAddress(c), ...traceHeaders() };
    for (const name of ["Content-Type", "Authorization"]) {
      const value = c.req.header(name);
      if (value) headers[name] = value;
    }
    const body = c.req.method === "GET" ? undefined : await c.req.text();
    let answer: Response;
    try {
      answer = await fetch(`${identityUrl}${c.req.path}`, { method: c.req.method, headers, body, signal: AbortSignal.timeout(timeoutMs) });
    } catch (err) {
      const timedOut = err instanceof DOMException && (err.name === "TimeoutError" || err.name === "AbortError");
      logger.warn("identity call failed", { path: c.req.path, timed_out: timedOut, correlation_id: c.var.correlationId });
      if (timedOut) throw new HuleEduError("TIMEOUT", `identity did not answer within ${timeoutMs} ms`, { upstream: "identity" });
      throw new HuleEduError("EXTERNAL_SERVICE_ERROR", "identity is unavailable", { upstream: "identity" });
    }
    const out = new Headers();
    for (const name of PASSED_HEADERS) {
      const value = answer.headers.get(name);
      if (value) out.set(name, value);
    }
    return new Response(await answer.arrayBuffer(), { status: answer.status, headers: out });
  }

  for (const [method, path] of RELAYED) app.on(method, path, relay);
}
